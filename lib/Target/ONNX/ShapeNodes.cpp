//===- ShapeNodes.cpp - Flatten, Reshape, Concat --------------------------===//
//
// Pure data movement: upstream tensor ops on the storage of any dtype.
//
//===----------------------------------------------------------------------===//

#include "NodeConverters.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

namespace {

FailureOr<std::pair<Value, GraphValue *>>
getStaticInput(Importer &im, const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  if (failed(x))
    return failure();
  Value input = im.materialize(**x);
  if (!getType(input).hasStaticShape()) {
    im.emitUnsupported(node) << "only static input shapes are supported";
    return failure();
  }
  return std::make_pair(input, *x);
}

} // namespace

LogicalResult onnx_import::convertFlatten(Importer &im,
                                          const onnx::NodeProto &node) {
  auto input = getStaticInput(im, node);
  if (failed(input))
    return failure();
  auto [value, x] = *input;
  RankedTensorType type = getType(value);
  int64_t rank = type.getRank();
  int64_t axis = im.getIntAttr(node, "axis", 1);
  // Flatten's axis may also be `rank` (everything in the first dimension).
  if (axis < -rank || axis > rank)
    return im.emitNodeError(node)
           << "attribute 'axis' is " << axis << ", outside [" << -rank << ", "
           << rank << "] for an input of rank " << rank;
  if (axis < 0)
    axis += rank;
  int64_t outer = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= type.getDimSize(i);
  im.setOutput(node, 0,
               reshapeStatic(im.builder, im.getLoc(node), value,
                             {outer, type.getNumElements() / outer}),
               x->dtype);
  return success();
}

LogicalResult onnx_import::convertReshape(Importer &im,
                                          const onnx::NodeProto &node) {
  auto input = getStaticInput(im, node);
  if (failed(input))
    return failure();
  auto [value, x] = *input;
  FailureOr<const HostTensor *> shapeTensor =
      im.getConstantInput(node, 1, "the shape");
  if (failed(shapeTensor))
    return failure();
  if ((*shapeTensor)->shape.size() != 1)
    return im.emitNodeError(node) << "the shape must be a 1-D tensor";
  RankedTensorType type = getType(value);
  bool allowZero = im.getIntAttr(node, "allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (int64_t i = 0; i < (*shapeTensor)->getNumElements(); ++i) {
    auto dim = static_cast<int64_t>((*shapeTensor)->getAsDouble(i));
    if (dim == 0 && !allowZero) {
      if (i >= type.getRank())
        return im.emitNodeError(node)
               << "shape element " << i << " is 0 (copy the input's "
               << "dimension) but the input has rank " << type.getRank();
      dim = type.getDimSize(i);
    }
    if (dim == -1) {
      if (inferred >= 0)
        return im.emitNodeError(node) << "the shape has more than one -1";
      inferred = i;
    } else if (dim < 0) {
      return im.emitNodeError(node)
             << "shape element " << i << " is " << dim << " (must be >= -1)";
    } else {
      known *= dim;
    }
    shape.push_back(dim);
  }
  int64_t count = type.getNumElements();
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      return im.emitNodeError(node)
             << "cannot infer the -1 dimension: " << count << " elements over "
             << known;
    shape[inferred] = count / known;
    known = count;
  }
  if (known != count)
    return im.emitNodeError(node)
           << "the shape has " << known << " elements, the input " << count;
  im.setOutput(node, 0,
               reshapeStatic(im.builder, im.getLoc(node), value, shape),
               x->dtype);
  return success();
}

LogicalResult onnx_import::convertConcat(Importer &im,
                                         const onnx::NodeProto &node) {
  if (node.input_size() == 0)
    return im.emitNodeError(node) << "Concat needs at least one input";
  SmallVector<Value> inputs;
  DType dtype = DType::F32;
  for (int i = 0; i < node.input_size(); ++i) {
    FailureOr<GraphValue *> x = im.getInput(node, i);
    if (failed(x))
      return failure();
    if (i > 0 && (*x)->dtype != dtype)
      return im.emitNodeError(node) << "the inputs have different types";
    dtype = (*x)->dtype;
    inputs.push_back(im.materialize(**x));
  }
  if (!im.findAttr(node, "axis"))
    return im.emitNodeError(node) << "attribute 'axis' is required";
  FailureOr<int64_t> axis =
      normalizeAxis(im, node, im.getIntAttr(node, "axis", 0),
                    getType(inputs.front()).getRank(), "axis");
  if (failed(axis))
    return failure();
  RankedTensorType first = getType(inputs.front());
  for (Value input : inputs) {
    RankedTensorType type = getType(input);
    if (!type.hasStaticShape() || type.getRank() != first.getRank())
      return im.emitNodeError(node)
             << "the inputs must be static and of one rank";
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (d != *axis && type.getDimSize(d) != first.getDimSize(d))
        return im.emitNodeError(node)
               << "the inputs " << first << " and " << type
               << " differ outside the concatenation axis " << *axis;
  }
  if (inputs.size() == 1) {
    im.setOutput(node, 0, inputs.front(), dtype);
    return success();
  }
  im.setOutput(
      node, 0,
      tensor::ConcatOp::create(im.builder, im.getLoc(node), *axis, inputs),
      dtype);
  return success();
}
