//===- ConvNodes.cpp - Conv, QLinearConv, ConvInteger
//-----------------------===//

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

//===----------------------------------------------------------------------===//
// Convolution geometry (Conv, QLinearConv, ConvInteger)
//===----------------------------------------------------------------------===//

/// The 2-D attributes of an ONNX convolution; 1-D convolutions become 2-D
/// ones of height 1.
struct ConvGeometry {
  bool oneD = false;
  SmallVector<int64_t> strides, dilations,
      pads; // pads: top, left, bottom, right
  int64_t groups = 1;
};

FailureOr<ConvGeometry> getConvGeometry(Importer &im,
                                        const onnx::NodeProto &node,
                                        RankedTensorType input,
                                        RankedTensorType filter) {
  int64_t rank = input.getRank();
  if (rank != 3 && rank != 4) {
    im.emitUnsupported(node) << "only 1-D and 2-D convolutions are "
                                "supported (the input has rank "
                             << rank << ")";
    return failure();
  }
  if (filter.getRank() != rank) {
    im.emitNodeError(node) << "the weights have rank " << filter.getRank()
                           << ", expected " << rank;
    return failure();
  }
  if (!filter.hasStaticShape() ||
      llvm::any_of(input.getShape().drop_front(), ShapedType::isDynamic)) {
    im.emitNodeError(node) << "the weights and the input's channel and "
                              "spatial dimensions must be static";
    return failure();
  }
  size_t spatial = rank - 2;
  FailureOr<std::vector<int64_t>> strides =
      getIntsAttrOfSize(im, node, "strides", spatial, 1);
  FailureOr<std::vector<int64_t>> dilations =
      getIntsAttrOfSize(im, node, "dilations", spatial, 1);
  FailureOr<std::vector<int64_t>> pads =
      getIntsAttrOfSize(im, node, "pads", 2 * spatial, 0);
  if (failed(strides) || failed(dilations) || failed(pads))
    return failure();
  if (std::optional<std::vector<int64_t>> kernel =
          im.getIntsAttr(node, "kernel_shape")) {
    if (ArrayRef<int64_t>(*kernel) != filter.getShape().drop_front(2)) {
      im.emitNodeError(node) << "kernel_shape does not match the weights";
      return failure();
    }
  }
  for (int64_t v : *strides)
    if (v <= 0) {
      im.emitNodeError(node) << "strides must be positive";
      return failure();
    }
  for (int64_t v : *dilations)
    if (v <= 0) {
      im.emitNodeError(node) << "dilations must be positive";
      return failure();
    }

  SmallVector<int64_t> extents;
  for (size_t i = 0; i < spatial; ++i)
    extents.push_back((*dilations)[i] * (filter.getDimSize(2 + i) - 1) + 1);
  if (failed(applyAutoPad(im, node, input.getShape().drop_front(2), *strides,
                          extents, *pads)))
    return failure();

  ConvGeometry geometry;
  geometry.groups = im.getIntAttr(node, "group", 1);
  if (spatial == 1) {
    geometry.oneD = true;
    geometry.strides = {1, (*strides)[0]};
    geometry.dilations = {1, (*dilations)[0]};
    geometry.pads = {0, (*pads)[0], 0, (*pads)[1]};
  } else {
    geometry.strides.assign(strides->begin(), strides->end());
    geometry.dilations.assign(dilations->begin(), dilations->end());
    geometry.pads.assign(pads->begin(), pads->end());
  }
  return geometry;
}

/// Builds the qfold.conv2d for a geometry and result element type.
Value createConv(Importer &im, Location loc, const ConvGeometry &geometry,
                 Value input, Value filter, Value bias, Type resultElement,
                 bool onnxRequant) {
  OpBuilder &b = im.builder;
  auto conv =
      Conv2DOp::create(b, loc, input, filter, bias, geometry.strides,
                       geometry.dilations, geometry.pads, geometry.groups);
  conv.getOutput().setType(getType(conv.getOutput()).clone(resultElement));
  if (onnxRequant)
    conv.setRequantModeAttr(
        RequantModeAttr::get(b.getContext(), RequantMode::onnx));
  return conv.getOutput();
}

/// The graph values of a convolution node: input, filter and, when
/// `biasIndex` is given, the optional bias (null when absent).
struct ConvOperands {
  GraphValue *x;
  GraphValue *w;
  GraphValue *b;
};

FailureOr<ConvOperands> getConvOperands(Importer &im,
                                        const onnx::NodeProto &node,
                                        int inputIndex, int filterIndex,
                                        std::optional<int> biasIndex) {
  FailureOr<GraphValue *> x = im.getInput(node, inputIndex);
  FailureOr<GraphValue *> w = im.getInput(node, filterIndex);
  FailureOr<GraphValue *> b =
      biasIndex ? im.getInput(node, *biasIndex, /*optional=*/true)
                : FailureOr<GraphValue *>(nullptr);
  if (failed(x) || failed(w) || failed(b))
    return failure();
  return ConvOperands{*x, *w, *b};
}

/// The X, W and optional B of a float Conv or ConvTranspose node; failure
/// (diagnosed) for other types.
FailureOr<ConvOperands> getFloatConvOperands(Importer &im,
                                             const onnx::NodeProto &node) {
  FailureOr<ConvOperands> operands = getConvOperands(im, node, 0, 1, 2);
  if (failed(operands))
    return failure();
  auto [x, w, b] = *operands;
  if (x->dtype != DType::F32 || w->dtype != DType::F32 ||
      (b && b->dtype != DType::F32)) {
    im.emitUnsupported(node) << "only FLOAT inputs are supported";
    return failure();
  }
  return operands;
}

/// A convolution node's input and filter as 2-D values (a 1-D convolution
/// expanded to height 1), and its geometry.
struct PreparedConv {
  Location loc;
  Value input;
  Value filter;
  ConvGeometry geometry;
};

FailureOr<PreparedConv> prepareConv(Importer &im, const onnx::NodeProto &node,
                                    GraphValue &x, GraphValue &w) {
  Location loc = im.getLoc(node);
  Value input = im.materialize(x), filter = im.materialize(w);
  FailureOr<ConvGeometry> geometry =
      getConvGeometry(im, node, getType(input), getType(filter));
  if (failed(geometry))
    return failure();
  if (geometry->oneD) {
    input = expandTo2D(im.builder, loc, input);
    filter = expandTo2D(im.builder, loc, filter);
  }
  return PreparedConv{loc, input, filter, *geometry};
}

/// Defines the node's output: `result`, collapsed back to 1-D for a 1-D
/// convolution.
void setConvOutput(Importer &im, const onnx::NodeProto &node,
                   const PreparedConv &conv, Value result, DType dtype) {
  if (conv.geometry.oneD)
    result = collapseTo1D(im.builder, conv.loc, result);
  im.setOutput(node, 0, result, dtype);
}

} // namespace

LogicalResult onnx_import::convertConv(Importer &im,
                                       const onnx::NodeProto &node) {
  FailureOr<ConvOperands> operands = getFloatConvOperands(im, node);
  if (failed(operands))
    return failure();
  auto [x, w, b] = *operands;
  FailureOr<PreparedConv> conv = prepareConv(im, node, *x, *w);
  if (failed(conv))
    return failure();
  Value bias = b ? im.materialize(*b) : Value();
  Value result =
      createConv(im, conv->loc, conv->geometry, conv->input, conv->filter, bias,
                 im.builder.getF32Type(), /*onnxRequant=*/false);
  setConvOutput(im, node, *conv, result, DType::F32);
  return success();
}

LogicalResult onnx_import::convertQLinearConv(Importer &im,
                                              const onnx::NodeProto &node) {
  FailureOr<ConvOperands> operands = getConvOperands(im, node, 0, 3, 8);
  if (failed(operands))
    return failure();
  auto [x, w, b] = *operands;
  FailureOr<Type> xType =
      getParamQuantType(im, node, 1, 2, DType::U8, std::nullopt, "x");
  FailureOr<Type> wType = getParamQuantType(im, node, 4, 5, DType::U8, 0, "w");
  FailureOr<Type> yType =
      getParamQuantType(im, node, 6, 7, DType::U8, std::nullopt, "y");
  if (failed(xType) || failed(wType) || failed(yType))
    return failure();
  if (b && b->dtype != DType::I32)
    return im.emitNodeError(node) << "the bias must be INT32";
  FailureOr<PreparedConv> conv = prepareConv(im, node, *x, *w);
  if (failed(conv))
    return failure();
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(*wType);
      perAxis && int64_t(perAxis.getScales().size()) !=
                     getType(conv->filter).getDimSize(0))
    return im.emitNodeError(node)
           << "w scale must have one value per output channel";
  GraphValue xValue{conv->input, x->dtype, std::nullopt};
  GraphValue wValue{conv->filter, w->dtype, std::nullopt};
  FailureOr<Value> qx = castToQuant(im, node, xValue, *xType, "x");
  FailureOr<Value> qw = castToQuant(im, node, wValue, *wType, "w");
  if (failed(qx) || failed(qw))
    return failure();
  Value bias = b ? im.materialize(*b) : Value();
  Value result = createConv(im, conv->loc, conv->geometry, *qx, *qw, bias,
                            *yType, /*onnxRequant=*/true);
  DType yStorage = getStorageDType(*yType);
  result =
      storageCast(im.builder, conv->loc, result,
                  getStorageElementType(im.builder.getContext(), yStorage));
  setConvOutput(im, node, *conv, result, yStorage);
  return success();
}

LogicalResult onnx_import::convertConvInteger(Importer &im,
                                              const onnx::NodeProto &node) {
  FailureOr<ConvOperands> operands =
      getConvOperands(im, node, 0, 1, std::nullopt);
  if (failed(operands))
    return failure();
  GraphValue *x = operands->x, *w = operands->w;
  if (!isInt8(x->dtype) || !isInt8(w->dtype))
    return im.emitNodeError(node) << "x and w must be UINT8 or INT8";
  // The zero points only; the scales are 1 and never used.
  auto zeroPoints = [&](int index, DType dtype,
                        bool perChannel) -> FailureOr<std::vector<int64_t>> {
    FailureOr<GraphValue *> zp = im.getInput(node, index, /*optional=*/true);
    if (failed(zp))
      return failure();
    if (!*zp)
      return std::vector<int64_t>{0};
    FailureOr<const HostTensor *> value = im.getConstantInput(
        node, index, index == 2 ? "x zero point" : "w zero point");
    if (failed(value))
      return failure();
    if ((*value)->dtype != dtype) {
      im.emitNodeError(node)
          << "zero point " << index << " does not have the type of its tensor";
      return failure();
    }
    if (!perChannel && (*value)->getNumElements() != 1) {
      im.emitNodeError(node) << "x zero point must be a scalar";
      return failure();
    }
    std::vector<int64_t> result;
    for (double v : toDoubles(**value))
      result.push_back(static_cast<int64_t>(v));
    return result;
  };
  FailureOr<std::vector<int64_t>> xZp = zeroPoints(2, x->dtype, false);
  FailureOr<std::vector<int64_t>> wZp = zeroPoints(3, w->dtype, true);
  if (failed(xZp) || failed(wZp))
    return failure();
  FailureOr<PreparedConv> conv = prepareConv(im, node, *x, *w);
  if (failed(conv))
    return failure();
  int64_t outChannels = getType(conv->filter).getDimSize(0);
  if (wZp->size() != 1 && wZp->size() != size_t(outChannels))
    return im.emitNodeError(node)
           << "w zero point must be a scalar or have one value per output "
              "channel";
  Location loc = conv->loc;
  MLIRContext *ctx = im.builder.getContext();
  Type xType = getQuantType(ctx, x->dtype, {1.0}, *xZp, std::nullopt);
  Type wType =
      wZp->size() == 1
          ? getQuantType(ctx, w->dtype, {1.0}, *wZp, std::nullopt)
          : getQuantType(ctx, w->dtype, SmallVector<double>(wZp->size(), 1.0),
                         *wZp, 0);
  Value result = createConv(
      im, loc, conv->geometry, storageCast(im.builder, loc, conv->input, xType),
      storageCast(im.builder, loc, conv->filter, wType), Value(),
      im.builder.getI32Type(), /*onnxRequant=*/false);
  setConvOutput(im, node, *conv, result, DType::I32);
  return success();
}

/// ONNX ConvTranspose (1-D and 2-D, float) as a qfold.conv_transpose2d. The
/// pads come from `pads`, or from `output_shape` / `auto_pad` as the ONNX
/// specification computes them: total = stride * (in - 1) + output_padding
/// + dilation * (K - 1) + 1 - out, split in half with the odd one at the end
/// for SAME_UPPER and at the start otherwise.
LogicalResult onnx_import::convertConvTranspose(Importer &im,
                                                const onnx::NodeProto &node) {
  FailureOr<ConvOperands> operands = getFloatConvOperands(im, node);
  if (failed(operands))
    return failure();
  auto [x, w, b] = *operands;
  Location loc = im.getLoc(node);
  OpBuilder &builder = im.builder;
  Value input = im.materialize(*x), filter = im.materialize(*w);
  RankedTensorType inputType = getType(input), filterType = getType(filter);
  int64_t rank = inputType.getRank();
  if (rank != 3 && rank != 4)
    return im.emitUnsupported(node)
           << "only 1-D and 2-D transposed convolutions are supported (the "
              "input has rank "
           << rank << ")";
  if (filterType.getRank() != rank)
    return im.emitNodeError(node)
           << "the weights have rank " << filterType.getRank() << ", expected "
           << rank;
  if (!inputType.hasStaticShape() || !filterType.hasStaticShape())
    return im.emitUnsupported(node) << "the input and weights must be static";
  size_t spatial = rank - 2;
  FailureOr<std::vector<int64_t>> strides =
      getIntsAttrOfSize(im, node, "strides", spatial, 1);
  FailureOr<std::vector<int64_t>> dilations =
      getIntsAttrOfSize(im, node, "dilations", spatial, 1);
  FailureOr<std::vector<int64_t>> outputPadding =
      getIntsAttrOfSize(im, node, "output_padding", spatial, 0);
  FailureOr<std::vector<int64_t>> pads =
      getIntsAttrOfSize(im, node, "pads", 2 * spatial, 0);
  if (failed(strides) || failed(dilations) || failed(outputPadding) ||
      failed(pads))
    return failure();
  if (std::optional<std::vector<int64_t>> kernel =
          im.getIntsAttr(node, "kernel_shape"))
    if (ArrayRef<int64_t>(*kernel) != filterType.getShape().drop_front(2))
      return im.emitNodeError(node)
             << "kernel_shape does not match the weights";
  std::string autoPad = im.getStringAttr(node, "auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return im.emitNodeError(node)
           << "attribute 'auto_pad' has the unknown value '" << autoPad << "'";
  std::optional<std::vector<int64_t>> outputShape =
      im.getIntsAttr(node, "output_shape");
  if (outputShape && outputShape->size() != spatial &&
      outputShape->size() != spatial + 2)
    return im.emitNodeError(node) << "output_shape has " << outputShape->size()
                                  << " values, expected " << spatial;
  if (autoPad == "VALID")
    pads->assign(2 * spatial, 0);
  if (outputShape || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < spatial; ++i) {
      int64_t in = inputType.getDimSize(2 + i);
      int64_t out = outputShape
                        ? (*outputShape)[outputShape->size() - spatial + i]
                        : in * (*strides)[i];
      int64_t total = (*strides)[i] * (in - 1) + (*outputPadding)[i] +
                      (*dilations)[i] * (filterType.getDimSize(2 + i) - 1) + 1 -
                      out;
      // Floor division, as ONNX's reference: an output_shape one larger than
      // the full output gives a pad of -1 at the end, which extends the
      // output there (as output_padding does).
      int64_t half = llvm::divideFloorSigned(total, 2), rest = total - half;
      int64_t begin = autoPad == "SAME_UPPER" ? half : rest;
      int64_t end = autoPad == "SAME_UPPER" ? rest : half;
      if (end < 0) {
        (*outputPadding)[i] -= end;
        end = 0;
      }
      if (begin < 0)
        return im.emitUnsupported(node)
               << "an output_shape that extends the output before its start "
                  "(spatial dimension "
               << i << ")";
      (*pads)[i] = begin;
      (*pads)[i + spatial] = end;
    }
  }
  int64_t groups = im.getIntAttr(node, "group", 1);
  SmallVector<int64_t> strides2, dilations2, pads2, outputPadding2;
  if (spatial == 1) {
    input = expandTo2D(builder, loc, input);
    filter = expandTo2D(builder, loc, filter);
    strides2 = {1, (*strides)[0]};
    dilations2 = {1, (*dilations)[0]};
    pads2 = {0, (*pads)[0], 0, (*pads)[1]};
    outputPadding2 = {0, (*outputPadding)[0]};
  } else {
    strides2.assign(strides->begin(), strides->end());
    dilations2.assign(dilations->begin(), dilations->end());
    pads2.assign(pads->begin(), pads->end());
    outputPadding2.assign(outputPadding->begin(), outputPadding->end());
  }
  FailureOr<SmallVector<int64_t>> shape = ConvTranspose2DOp::inferResultShape(
      getType(input).getShape(), getType(filter).getShape(), strides2,
      dilations2, pads2, outputPadding2, groups, /*emitError=*/nullptr);
  if (failed(shape))
    return im.emitNodeError(node)
           << "inconsistent shapes or attributes: input " << inputType
           << ", weights " << filterType << ", group " << groups;
  Value bias = b ? im.materialize(*b) : Value();
  Value result = ConvTranspose2DOp::create(
      builder, loc, RankedTensorType::get(*shape, builder.getF32Type()), input,
      filter, bias, builder.getDenseI64ArrayAttr(strides2),
      builder.getDenseI64ArrayAttr(dilations2),
      builder.getDenseI64ArrayAttr(pads2),
      builder.getDenseI64ArrayAttr(outputPadding2),
      builder.getI64IntegerAttr(groups), nullptr, nullptr);
  if (spatial == 1)
    result = collapseTo1D(builder, loc, result);
  im.setOutput(node, 0, result, DType::F32);
  return success();
}
