//===- QuantizeNodes.cpp - QuantizeLinear, DequantizeLinear
//-----------------===//

#include "NodeConverters.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

namespace {

/// The `axis` attribute of Q/DQ, normalized against the rank. It only
/// matters (and is only checked) for per-axis scales.
int32_t getAxis(Importer &im, const onnx::NodeProto &node, int64_t rank) {
  int64_t axis = im.getIntAttr(node, "axis", 1);
  if (axis < 0)
    axis += rank;
  return static_cast<int32_t>(
      std::clamp<int64_t>(axis, INT32_MIN / 2, INT32_MAX / 2));
}

LogicalResult checkAxisSize(Importer &im, const onnx::NodeProto &node,
                            Type type, RankedTensorType tensor) {
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type);
  if (!perAxis)
    return success();
  int32_t axis = perAxis.getQuantizedDimension();
  if (axis < 0 || axis >= tensor.getRank())
    return im.emitNodeError(node)
           << "axis " << axis << " is out of range for rank "
           << tensor.getRank();
  if (tensor.getDimSize(axis) != int64_t(perAxis.getScales().size()))
    return im.emitNodeError(node)
           << "the scale has " << perAxis.getScales().size()
           << " values but dimension " << perAxis.getQuantizedDimension()
           << " has " << tensor.getDimSize(perAxis.getQuantizedDimension());
  return success();
}

} // namespace

LogicalResult onnx_import::convertQuantizeLinear(Importer &im,
                                                 const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  if (failed(x))
    return failure();
  if ((*x)->dtype != DType::F32)
    return im.emitNodeError(node) << "x must be FLOAT";
  Value input = im.materialize(**x);
  int32_t axis = getAxis(im, node, getType(input).getRank());
  FailureOr<Type> type =
      getParamQuantType(im, node, 1, 2, DType::U8, axis, "y");
  if (failed(type) || failed(checkAxisSize(im, node, *type, getType(input))))
    return failure();
  if (getStorageDType(*type) == DType::I32)
    return im.emitNodeError(node) << "the output must be UINT8 or INT8";
  Location loc = im.getLoc(node);
  Value q = quant::QuantizeCastOp::create(im.builder, loc,
                                          getType(input).clone(*type), input);
  DType storage = getStorageDType(*type);
  im.setOutput(
      node, 0,
      storageCast(im.builder, loc, q,
                  getStorageElementType(im.builder.getContext(), storage)),
      storage);
  return success();
}

LogicalResult
onnx_import::convertDequantizeLinear(Importer &im,
                                     const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  if (failed(x))
    return failure();
  if ((*x)->dtype == DType::F32)
    return im.emitNodeError(node) << "x must be an integer tensor";
  Value input = im.materialize(**x);
  int32_t axis = getAxis(im, node, getType(input).getRank());
  FailureOr<Type> type =
      getParamQuantType(im, node, 1, 2, (*x)->dtype, axis, "x");
  if (failed(type) || failed(checkAxisSize(im, node, *type, getType(input))))
    return failure();
  FailureOr<Value> q = castToQuant(im, node, **x, *type, "x");
  if (failed(q))
    return failure();
  Value result = quant::DequantizeCastOp::create(
      im.builder, im.getLoc(node),
      getType(input).clone(im.builder.getF32Type()), *q);
  im.setOutput(node, 0, result, DType::F32);
  return success();
}
