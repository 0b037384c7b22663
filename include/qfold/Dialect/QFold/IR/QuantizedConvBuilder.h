//===- QuantizedConvBuilder.h - build a quantized conv2d --------*- C++ -*-===//
//
// The one builder of quantized convolutions (and adds) from real-valued
// parts, shared by the Q/DQ fusion and post-training quantization:
// per-channel weights, the bias quantized at input_scale * filter_scale[o],
// the clamp range quantized with qfold's rounding rule.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QUANTIZEDCONVBUILDER_H
#define QFOLD_DIALECT_QFOLD_IR_QUANTIZEDCONVBUILDER_H

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Support/QuantizedClamp.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::qfold {

/// A quantized conv2d described in real numbers.
struct QuantizedConvParts {
  /// The quantized input (per tensor, 8-bit) and the result type (a tensor of
  /// a per-tensor 8-bit quantized type).
  Value input;
  Type resultType;
  /// The filter: integers known at compile time, one entry per output
  /// channel, with their storage...
  std::optional<std::vector<QuantizedChannel>> channels;
  QuantStorage filterStorage;
  /// ...or a quantized tensor computed at run time.
  Value runtimeFilter;
  /// The real bias per output channel; none when std::nullopt.
  std::optional<std::vector<double>> bias;
  /// The real range the result is clamped to.
  RealRange range;
};

/// Builds `parts` as a conv2d with the geometry of `geometry` (strides,
/// dilations, pads, groups), before the builder's insertion point. A
/// compile-time channel whose weights are all at its zero point contributes
/// only its bias: it takes the scale output_scale / input_scale, so that its
/// bias is quantized at the output's own scale and comes out as exactly as
/// the output can hold it (any other scale would round it at an arbitrary
/// one). Checks everything before building: on failure nothing is created
/// and `why` says what is not representable (a scale outside f32's normal
/// range, a bias that does not fit i32, an op that would not verify).
FailureOr<Conv2DOp> buildQuantizedConv(OpBuilder &builder, Location loc,
                                       Conv2DOp geometry,
                                       QuantizedConvParts parts,
                                       std::string &why);

/// A fused clamp bound attribute in a quantized result's storage domain:
/// null when it is the storage limit `limit` (the attribute's default).
IntegerAttr getClampBoundAttr(Builder &builder, int64_t value, int64_t limit);

/// The fused clamp of a result of per-tensor quantized type `resultType`
/// clamped to the real `range`, quantized with qfold's rounding rule.
struct QuantClampAttrs {
  IntegerAttr min, max;
  /// True when no integer of the type lies in the range.
  bool empty = false;
};
QuantClampAttrs getQuantClampAttrs(Builder &builder, Type resultType,
                                   RealRange range);

/// A quantized add, sub, mul or div (`BinaryOp`) of the quantized `lhs` and
/// `rhs` into `resultType`, clamped to the real `range` (the fused
/// activations); failure when the range is empty in `resultType`.
template <typename BinaryOp>
FailureOr<BinaryOp> buildQuantizedBinary(OpBuilder &builder, Location loc,
                                         Type resultType, Value lhs, Value rhs,
                                         RealRange range) {
  QuantClampAttrs clamp = getQuantClampAttrs(builder, resultType, range);
  if (clamp.empty)
    return failure();
  return BinaryOp::create(builder, loc, resultType, lhs, rhs, clamp.min,
                          clamp.max, /*requant_mode=*/nullptr);
}

/// `value` (quantized) as `resultType`: itself when the types are equal,
/// else a requantizing qfold.clamp without bounds.
Value requantizeTo(OpBuilder &builder, Location loc, Value value,
                   Type resultType);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_QUANTIZEDCONVBUILDER_H
