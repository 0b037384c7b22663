//===- NodeConverters.h - ONNX nodes to qfold ops ---------------*- C++ -*-===//
//
// One converter per supported ONNX operator, grouped by family in
// *Nodes.cpp, and the table from op type to converter (NodeConverters.cpp)
// that the importer dispatches through. Quantized tensors travel as signless
// storage tensors and are cast (quant.scast) to the quantized type an op
// needs right where it needs it.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_TARGET_ONNX_NODECONVERTERS_H
#define QFOLD_LIB_TARGET_ONNX_NODECONVERTERS_H

#include "OnnxImporter.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <vector>

namespace mlir::qfold::onnx_import {

using ConvertFn = LogicalResult (*)(Importer &, const onnx::NodeProto &);

/// How one ONNX operator is imported.
struct NodeConverter {
  ConvertFn convert;
  /// The inputs that must be compile-time constants (quantization
  /// parameters, Clip bounds in opset >= 11).
  llvm::ArrayRef<int> parameterInputs;
};

/// The converter of `opType`, or null when qfold does not support it.
const NodeConverter *lookupNodeConverter(llvm::StringRef opType);

//===----------------------------------------------------------------------===//
// Converters (each emits its own diagnostics)
//===----------------------------------------------------------------------===//

// ConvNodes.cpp
LogicalResult convertConvTranspose(Importer &im, const onnx::NodeProto &node);
LogicalResult convertConv(Importer &im, const onnx::NodeProto &node);
LogicalResult convertQLinearConv(Importer &im, const onnx::NodeProto &node);
LogicalResult convertConvInteger(Importer &im, const onnx::NodeProto &node);
// QuantizeNodes.cpp
LogicalResult convertQuantizeLinear(Importer &im, const onnx::NodeProto &node);
LogicalResult convertDequantizeLinear(Importer &im,
                                      const onnx::NodeProto &node);
// ActivationNodes.cpp
LogicalResult convertBatchNorm(Importer &im, const onnx::NodeProto &node);
LogicalResult convertRelu(Importer &im, const onnx::NodeProto &node);
LogicalResult convertClip(Importer &im, const onnx::NodeProto &node);
// GraphNodes.cpp
LogicalResult convertCast(Importer &im, const onnx::NodeProto &node);
LogicalResult convertConstant(Importer &im, const onnx::NodeProto &node);
LogicalResult convertDropout(Importer &im, const onnx::NodeProto &node);
LogicalResult convertIdentity(Importer &im, const onnx::NodeProto &node);
// MathNodes.cpp
LogicalResult convertAdd(Importer &im, const onnx::NodeProto &node);
LogicalResult convertSub(Importer &im, const onnx::NodeProto &node);
LogicalResult convertMul(Importer &im, const onnx::NodeProto &node);
LogicalResult convertDiv(Importer &im, const onnx::NodeProto &node);
LogicalResult convertGemm(Importer &im, const onnx::NodeProto &node);
LogicalResult convertMatMul(Importer &im, const onnx::NodeProto &node);
LogicalResult convertSoftmax(Importer &im, const onnx::NodeProto &node);
// PoolNodes.cpp
LogicalResult convertAveragePool(Importer &im, const onnx::NodeProto &node);
LogicalResult convertGlobalAveragePool(Importer &im,
                                       const onnx::NodeProto &node);
LogicalResult convertMaxPool(Importer &im, const onnx::NodeProto &node);
// ShapeNodes.cpp
LogicalResult convertConcat(Importer &im, const onnx::NodeProto &node);
LogicalResult convertFlatten(Importer &im, const onnx::NodeProto &node);
LogicalResult convertReshape(Importer &im, const onnx::NodeProto &node);

//===----------------------------------------------------------------------===//
// Helpers shared by the converters (ConverterUtils.cpp)
//===----------------------------------------------------------------------===//

RankedTensorType getType(Value value);
bool isInt8(DType dtype);
/// The values of a constant as doubles (f32 or integers).
std::vector<double> toDoubles(const HostTensor &tensor);
Value storageCast(OpBuilder &b, Location loc, Value value, Type element);
/// Input `index` as an f32 value; failure (diagnosed: only FLOAT inputs are
/// supported) for another type.
FailureOr<Value> getFloatInput(Importer &im, const onnx::NodeProto &node,
                               int index);
/// The ints attribute `name` of `size` values, `fill` repeated when absent;
/// failure (diagnosed) for another count.
FailureOr<std::vector<int64_t>> getIntsAttrOfSize(Importer &im,
                                                  const onnx::NodeProto &node,
                                                  llvm::StringRef name,
                                                  size_t size, int64_t fill);
/// ONNX auto_pad: for SAME_UPPER/SAME_LOWER/VALID, sets `pads` ([begins...,
/// ends...]) for windows of `extents` over `sizes` with `strides`; leaves
/// them for NOTSET; diagnoses any other value.
LogicalResult applyAutoPad(Importer &im, const onnx::NodeProto &node,
                           llvm::ArrayRef<int64_t> sizes,
                           llvm::ArrayRef<int64_t> strides,
                           llvm::ArrayRef<int64_t> extents,
                           std::vector<int64_t> &pads);
/// [N, C, L] -> [N, C, 1, L]: 1-D convolutions and pools run as 2-D ones of
/// height 1.
Value expandTo2D(OpBuilder &b, Location loc, Value value);
/// [N, C, 1, L] -> [N, C, L].
Value collapseTo1D(OpBuilder &b, Location loc, Value value);
/// `value` reshaped to the static `shape` (same element count) with tensor
/// reshapes.
Value reshapeStatic(OpBuilder &b, Location loc, Value value,
                    llvm::ArrayRef<int64_t> shape);
/// An axis attribute in [-rank, rank) as a dimension in [0, rank); failure
/// (diagnosed, naming the attribute `what`) outside.
FailureOr<int64_t> normalizeAxis(Importer &im, const onnx::NodeProto &node,
                                 int64_t axis, int64_t rank,
                                 llvm::StringRef what);

/// The quantized type of a tensor from constant scale and zero point inputs
/// (zero point optional: 0 of `defaultStorage`). Per axis when the scale is
/// a 1-D tensor.
FailureOr<Type> getParamQuantType(Importer &im, const onnx::NodeProto &node,
                                  int scaleIndex, int zpIndex,
                                  DType defaultStorage,
                                  std::optional<int32_t> axis,
                                  llvm::StringRef what);
/// The storage dtype a quantized type stands for.
DType getStorageDType(Type quantized);
/// An integer graph value as a tensor of quantized type `type`: checks that
/// the storage matches and casts.
FailureOr<Value> castToQuant(Importer &im, const onnx::NodeProto &node,
                             GraphValue &value, Type type,
                             llvm::StringRef what);

} // namespace mlir::qfold::onnx_import

#endif // QFOLD_LIB_TARGET_ONNX_NODECONVERTERS_H
