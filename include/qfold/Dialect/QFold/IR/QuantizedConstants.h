//===- QuantizedConstants.h - compile-time quantized weights ----*- C++ -*-===//
//
// Constants read at compile time (f32 and integer tensors), quantized filters
// that are known at compile time (an scast of an
// integer constant, or a qcast of an f32 constant) into per-channel integers,
// and writing per-channel integers back as a constant filter. Shared by the
// BatchNorm folding into fake-quantized weights and the Q/DQ fusion.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QUANTIZEDCONSTANTS_H
#define QFOLD_DIALECT_QFOLD_IR_QUANTIZEDCONSTANTS_H

#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Support/QuantizedFolding.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>
#include <vector>

namespace mlir::qfold {

/// The values of a dense f32 or integer constant, as doubles (integers read
/// as signed), or std::nullopt when `value` is not such a constant. Static
/// reshapes of a constant (the importer's, for 1-D convolutions and ONNX
/// broadcasting) read as the constant.
std::optional<std::vector<double>> getConstantValues(Value value);

/// The per-channel values of `value`, a constant f32 tensor of rank 4 shaped
/// [1, C, 1, 1] (or [1, 1, 1, 1], the same value for every channel) with
/// `channels` = C: what a per-channel affine layer next to a convolution
/// applies. The constant may be reshaped first (the importer aligns an ONNX
/// [C, 1, 1] operand's rank with an expand_shape; a reshape keeps the
/// values' order). std::nullopt for anything else.
std::optional<std::vector<double>> getChannelConstant(Value value,
                                                      int64_t channels);

/// The values of an optional constant bias: `channels` zeros when `bias` is
/// null, std::nullopt when it is not a constant.
std::optional<std::vector<double>> getConstantBiasOrZeros(Value bias,
                                                          int64_t channels);

/// An arith.constant of f32 `values` with `type`'s shape.
Value createF32Constant(OpBuilder &builder, Location loc, ShapedType type,
                        ArrayRef<float> values);
/// A 1-D arith.constant of f32 `values` (a bias, per-channel parameters).
Value createF32Vector(OpBuilder &builder, Location loc, ArrayRef<float> values);

/// The values of a dense f32 constant (through static reshapes, as above),
/// or std::nullopt when `value` is not one (for folding that must round
/// exactly as the stored f32 values).
std::optional<std::vector<float>> getConstantF32Values(Value value);

/// The integer weights behind `quantized` (a tensor of quantized type `info`
/// whose first dimension has `outChannels` slices), per output channel: an
/// scast of an integer constant, or a qcast of an f32 constant (quantized
/// here exactly as the lowering would at run time). std::nullopt otherwise,
/// or when `info` is per-axis along another dimension.
std::optional<std::vector<QuantizedChannel>>
getConstantQuantizedFilter(Value quantized, const QuantInfo &info,
                           int64_t outChannels);

/// The integer storage of a quantized type: width, signedness and range.
struct QuantStorage {
  unsigned width = 8;
  bool isSigned = true;
  int64_t min = -128;
  int64_t max = 127;

  static QuantStorage of(const QuantInfo &info) {
    return {info.storageWidth, info.isSigned, info.storageMin, info.storageMax};
  }
};

/// `quant.scast` of an integer constant holding `channels`, typed as
/// `shape` x a per-axis (axis 0) f32 type with the channels' scales and zero
/// points and the given storage.
Value createPerChannelFilter(OpBuilder &builder, Location loc,
                             ArrayRef<int64_t> shape,
                             const QuantStorage &storage,
                             ArrayRef<QuantizedChannel> channels);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_QUANTIZEDCONSTANTS_H
