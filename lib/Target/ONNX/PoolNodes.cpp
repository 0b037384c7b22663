//===- PoolNodes.cpp - MaxPool, AveragePool, GlobalAveragePool ------------===//

#include "NodeConverters.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

namespace {

/// The 2-D window of an ONNX pool; 1-D pools become 2-D ones of height 1.
struct PoolGeometry {
  bool oneD = false;
  SmallVector<int64_t> kernel, strides, dilations, pads;
  bool ceilMode = false;
};

FailureOr<PoolGeometry> getPoolGeometry(Importer &im,
                                        const onnx::NodeProto &node,
                                        RankedTensorType input) {
  int64_t rank = input.getRank();
  if (rank != 3 && rank != 4) {
    im.emitUnsupported(node) << "only 1-D and 2-D pools are supported (the "
                                "input has rank "
                             << rank << ")";
    return failure();
  }
  if (llvm::any_of(input.getShape().drop_front(), ShapedType::isDynamic)) {
    im.emitNodeError(node)
        << "the input's channel and spatial dimensions must be static";
    return failure();
  }
  size_t spatial = rank - 2;
  std::optional<std::vector<int64_t>> kernel =
      im.getIntsAttr(node, "kernel_shape");
  if (!kernel || kernel->size() != spatial) {
    im.emitNodeError(node) << "attribute 'kernel_shape' must have " << spatial
                           << " values";
    return failure();
  }
  FailureOr<std::vector<int64_t>> strides =
      getIntsAttrOfSize(im, node, "strides", spatial, 1);
  FailureOr<std::vector<int64_t>> dilations =
      getIntsAttrOfSize(im, node, "dilations", spatial, 1);
  FailureOr<std::vector<int64_t>> pads =
      getIntsAttrOfSize(im, node, "pads", 2 * spatial, 0);
  if (failed(strides) || failed(dilations) || failed(pads))
    return failure();
  for (auto [name, values] :
       {std::pair<StringRef, std::vector<int64_t> *>{"kernel_shape", &*kernel},
        {"strides", &*strides},
        {"dilations", &*dilations}})
    if (llvm::any_of(*values, [](int64_t v) { return v <= 0; })) {
      im.emitNodeError(node) << "attribute '" << name << "' must be positive";
      return failure();
    }
  if (int64_t order = im.getIntAttr(node, "storage_order", 0); order != 0) {
    im.emitUnsupported(node) << "attribute 'storage_order' = " << order
                             << " is not supported (only 0, row major)";
    return failure();
  }
  SmallVector<int64_t> extents;
  for (size_t i = 0; i < spatial; ++i)
    extents.push_back((*dilations)[i] * ((*kernel)[i] - 1) + 1);
  if (failed(applyAutoPad(im, node, input.getShape().drop_front(2), *strides,
                          extents, *pads)))
    return failure();

  PoolGeometry geometry;
  geometry.ceilMode = im.getIntAttr(node, "ceil_mode", 0) != 0;
  if (spatial == 1) {
    geometry.oneD = true;
    geometry.kernel = {1, (*kernel)[0]};
    geometry.strides = {1, (*strides)[0]};
    geometry.dilations = {1, (*dilations)[0]};
    geometry.pads = {0, (*pads)[0], 0, (*pads)[1]};
  } else {
    geometry.kernel.assign(kernel->begin(), kernel->end());
    geometry.strides.assign(strides->begin(), strides->end());
    geometry.dilations.assign(dilations->begin(), dilations->end());
    geometry.pads.assign(pads->begin(), pads->end());
  }
  return geometry;
}

/// Builds a pool of `geometry` over `input` (expanded to 2-D for a 1-D
/// pool) with `build(input2D, resultType)` and defines the node's output.
template <typename Build>
LogicalResult createPool(Importer &im, const onnx::NodeProto &node, Value input,
                         const PoolGeometry &geometry, DType dtype,
                         Build build) {
  Location loc = im.getLoc(node);
  OpBuilder &b = im.builder;
  if (geometry.oneD)
    input = expandTo2D(b, loc, input);
  FailureOr<SmallVector<int64_t>> shape = inferPool2DResultShape(
      getType(input).getShape(), geometry.kernel, geometry.strides,
      geometry.dilations, geometry.pads, geometry.ceilMode,
      [&] { return im.emitNodeError(node); });
  if (failed(shape))
    return failure();
  Value result = build(input, getType(input).clone(*shape));
  if (geometry.oneD)
    result = collapseTo1D(b, loc, result);
  im.setOutput(node, 0, result, dtype);
  return success();
}

/// A float average pool of `geometry` defining the node's output.
LogicalResult createAvgPool(Importer &im, const onnx::NodeProto &node,
                            Value input, const PoolGeometry &geometry,
                            bool countIncludePad) {
  return createPool(im, node, input, geometry, DType::F32,
                    [&](Value in, RankedTensorType type) -> Value {
                      return AvgPool2DOp::create(
                          im.builder, im.getLoc(node), type, in,
                          geometry.kernel, geometry.strides, geometry.pads,
                          geometry.ceilMode, countIncludePad,
                          /*requant_mode=*/nullptr);
                    });
}

} // namespace

LogicalResult onnx_import::convertMaxPool(Importer &im,
                                          const onnx::NodeProto &node) {
  if (node.output_size() > 1 && !node.output(1).empty())
    return im.emitUnsupported(node)
           << "the Indices output (argmax) is not supported";
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  if (failed(x))
    return failure();
  DType dtype = (*x)->dtype;
  if (dtype != DType::F32 && !isInt8(dtype))
    return im.emitUnsupported(node)
           << "only FLOAT, UINT8 and INT8 inputs are supported";
  Value input = im.materialize(**x);
  FailureOr<PoolGeometry> geometry = getPoolGeometry(im, node, getType(input));
  if (failed(geometry))
    return failure();
  Location loc = im.getLoc(node);
  // Integer tensors pool as the raw quantized type: the maximum of the
  // stored values, signed or unsigned.
  Type storage = getType(input).getElementType();
  Type element = dtype == DType::F32
                     ? storage
                     : Type(getRawQuantType(im.builder.getContext(), dtype));
  return createPool(im, node, input, *geometry, dtype,
                    [&](Value in, RankedTensorType type) -> Value {
                      if (element != storage)
                        in = storageCast(im.builder, loc, in, element);
                      Value pooled = MaxPool2DOp::create(
                          im.builder, loc, type.clone(element), in,
                          geometry->kernel, geometry->strides,
                          geometry->dilations, geometry->pads,
                          geometry->ceilMode);
                      return element == storage ? pooled
                                                : storageCast(im.builder, loc,
                                                              pooled, storage);
                    });
}

LogicalResult onnx_import::convertAveragePool(Importer &im,
                                              const onnx::NodeProto &node) {
  FailureOr<Value> x = getFloatInput(im, node, 0);
  if (failed(x))
    return failure();
  Value input = *x;
  FailureOr<PoolGeometry> geometry = getPoolGeometry(im, node, getType(input));
  if (failed(geometry))
    return failure();
  if (llvm::any_of(geometry->dilations, [](int64_t d) { return d != 1; }))
    return im.emitUnsupported(node)
           << "attribute 'dilations' other than 1 is not supported";
  return createAvgPool(im, node, input, *geometry,
                       im.getIntAttr(node, "count_include_pad", 0) != 0);
}

LogicalResult
onnx_import::convertGlobalAveragePool(Importer &im,
                                      const onnx::NodeProto &node) {
  FailureOr<Value> x = getFloatInput(im, node, 0);
  if (failed(x))
    return failure();
  Value input = *x;
  RankedTensorType type = getType(input);
  if (type.getRank() != 3 && type.getRank() != 4)
    return im.emitUnsupported(node)
           << "only 1-D and 2-D pools are supported (the input has rank "
           << type.getRank() << ")";
  if (llvm::any_of(type.getShape().drop_front(), ShapedType::isDynamic))
    return im.emitNodeError(node)
           << "the input's channel and spatial dimensions must be static";
  PoolGeometry geometry;
  geometry.oneD = type.getRank() == 3;
  geometry.kernel = {geometry.oneD ? 1 : type.getDimSize(2),
                     type.getDimSize(type.getRank() - 1)};
  geometry.strides = {1, 1};
  geometry.dilations = {1, 1};
  geometry.pads = {0, 0, 0, 0};
  return createAvgPool(im, node, input, geometry, /*countIncludePad=*/false);
}
