//===- ConvertOnnxNodes.cpp - ONNX nodes to qfold ops ---------------------===//
//
// One converter per supported ONNX operator. Quantized tensors travel as
// signless storage tensors and are cast (quant.scast) to the quantized type
// an op needs right where it needs it.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

bool onnx_import::isParameterInput(llvm::StringRef opType, int index) {
  if (opType == "QLinearConv")
    return index == 1 || index == 2 || index == 4 || index == 5 || index == 6 ||
           index == 7;
  if (opType == "ConvInteger")
    return index == 2 || index == 3;
  if (opType == "QuantizeLinear" || opType == "DequantizeLinear")
    return index == 1 || index == 2;
  if (opType == "Clip")
    return index == 1 || index == 2;
  return false;
}

namespace {

RankedTensorType getType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

bool isInt8(DType dtype) { return dtype == DType::U8 || dtype == DType::I8; }

/// The values of a constant as doubles (f32 or integers).
std::vector<double> toDoubles(const HostTensor &tensor) {
  std::vector<double> result;
  for (int64_t i = 0; i < tensor.getNumElements(); ++i)
    result.push_back(tensor.getAsDouble(i));
  return result;
}

Value storageCast(OpBuilder &b, Location loc, Value value, Type element) {
  return quant::StorageCastOp::create(b, loc, getType(value).clone(element),
                                      value);
}

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
  auto ints = [&](llvm::StringRef name, size_t size,
                  int64_t fill) -> FailureOr<std::vector<int64_t>> {
    std::optional<std::vector<int64_t>> values = im.getIntsAttr(node, name);
    if (!values)
      return std::vector<int64_t>(size, fill);
    if (values->size() != size) {
      im.emitNodeError(node) << "attribute '" << name << "' has "
                             << values->size() << " values, expected " << size;
      return failure();
    }
    return *values;
  };
  FailureOr<std::vector<int64_t>> strides = ints("strides", spatial, 1);
  FailureOr<std::vector<int64_t>> dilations = ints("dilations", spatial, 1);
  FailureOr<std::vector<int64_t>> pads = ints("pads", 2 * spatial, 0);
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

  std::string autoPad = im.getStringAttr(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    pads->assign(2 * spatial, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < spatial; ++i) {
      int64_t in = input.getDimSize(2 + i);
      int64_t out = (in + (*strides)[i] - 1) / (*strides)[i];
      int64_t extent = (*dilations)[i] * (filter.getDimSize(2 + i) - 1) + 1;
      int64_t total =
          std::max<int64_t>((out - 1) * (*strides)[i] + extent - in, 0);
      int64_t small = total / 2, large = total - small;
      // SAME_UPPER puts the odd pad at the end, SAME_LOWER at the start.
      (*pads)[i] = autoPad == "SAME_UPPER" ? small : large;
      (*pads)[i + spatial] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (autoPad != "NOTSET") {
    im.emitNodeError(node) << "unknown auto_pad '" << autoPad << "'";
    return failure();
  }

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

/// [N, C, L] -> [N, C, 1, L] for 1-D convolutions.
Value expandTo2D(OpBuilder &b, Location loc, Value value) {
  RankedTensorType type = getType(value);
  SmallVector<int64_t> shape = {type.getDimSize(0), type.getDimSize(1), 1,
                                type.getDimSize(2)};
  return tensor::ExpandShapeOp::create(
      b, loc, type.clone(shape), value,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

/// [N, O, 1, L] -> [N, O, L].
Value collapseTo1D(OpBuilder &b, Location loc, Value value) {
  return tensor::CollapseShapeOp::create(
      b, loc, value, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
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

//===----------------------------------------------------------------------===//
// Converters
//===----------------------------------------------------------------------===//

LogicalResult convertConv(Importer &im, const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  FailureOr<GraphValue *> w = im.getInput(node, 1);
  FailureOr<GraphValue *> b = im.getInput(node, 2, /*optional=*/true);
  if (failed(x) || failed(w) || failed(b))
    return failure();
  if ((*x)->dtype != DType::F32 || (*w)->dtype != DType::F32 ||
      (*b && (*b)->dtype != DType::F32))
    return im.emitUnsupported(node) << "only FLOAT inputs are supported";
  Location loc = im.getLoc(node);
  Value input = im.materialize(**x), filter = im.materialize(**w);
  Value bias = *b ? im.materialize(**b) : Value();
  FailureOr<ConvGeometry> geometry =
      getConvGeometry(im, node, getType(input), getType(filter));
  if (failed(geometry))
    return failure();
  if (geometry->oneD) {
    input = expandTo2D(im.builder, loc, input);
    filter = expandTo2D(im.builder, loc, filter);
  }
  Value result = createConv(im, loc, *geometry, input, filter, bias,
                            im.builder.getF32Type(), false);
  if (geometry->oneD)
    result = collapseTo1D(im.builder, loc, result);
  im.setOutput(node, 0, result, DType::F32);
  return success();
}

/// The quantized type of a tensor from constant scale and zero point inputs
/// (zero point optional: 0 of `defaultStorage`). Per axis when the scale is
/// a 1-D tensor.
FailureOr<Type> getParamQuantType(Importer &im, const onnx::NodeProto &node,
                                  int scaleIndex, int zpIndex,
                                  DType defaultStorage,
                                  std::optional<int32_t> axis,
                                  llvm::StringRef what) {
  FailureOr<const HostTensor *> scale =
      im.getConstantInput(node, scaleIndex, (what + " scale").str());
  if (failed(scale))
    return failure();
  DType storage = defaultStorage;
  std::vector<double> zeroPoints = {0.0};
  FailureOr<GraphValue *> zp = im.getInput(node, zpIndex, /*optional=*/true);
  if (failed(zp))
    return failure();
  if (*zp) {
    FailureOr<const HostTensor *> zpConst =
        im.getConstantInput(node, zpIndex, (what + " zero point").str());
    if (failed(zpConst))
      return failure();
    storage = (*zpConst)->dtype;
    zeroPoints = toDoubles(**zpConst);
  }
  if ((*scale)->dtype != DType::F32)
    return im.emitNodeError(node) << what << " scale must be FLOAT";
  std::vector<double> scales = toDoubles(**scale);
  if (scales.empty())
    return im.emitNodeError(node) << what << " scale is empty";
  for (double s : scales)
    if (!std::isfinite(s) || !(s > 0.0))
      return im.emitNodeError(node)
             << what << " scale " << s << " is not finite and positive";
  bool perAxis = (*scale)->shape.size() == 1 && axis.has_value();
  if (!perAxis && scales.size() != 1)
    return im.emitNodeError(node) << what << " scale must be a scalar";
  if (zeroPoints.size() == 1 && scales.size() > 1)
    zeroPoints.assign(scales.size(), zeroPoints.front());
  if (zeroPoints.size() != scales.size())
    return im.emitNodeError(node)
           << what << " zero point has " << zeroPoints.size()
           << " values but the scale has " << scales.size();
  if (storage == DType::F32)
    return im.emitNodeError(node) << what << " zero point must be an integer";
  SmallVector<int64_t> zps;
  auto [lo, hi] = storage == DType::U8 ? std::pair<int64_t, int64_t>{0, 255}
                  : storage == DType::I8
                      ? std::pair<int64_t, int64_t>{-128, 127}
                      : std::pair<int64_t, int64_t>{0, 0};
  for (double z : zeroPoints) {
    if (z < lo || z > hi)
      return im.emitNodeError(node)
             << what << " zero point " << z << " is outside [" << lo << ", "
             << hi << "]";
    zps.push_back(static_cast<int64_t>(z));
  }
  return getQuantType(im.builder.getContext(), storage, scales, zps,
                      perAxis ? axis : std::nullopt);
}

/// The storage dtype a quantized type stands for.
DType getStorageDType(Type quantized) {
  auto q = cast<quant::QuantizedType>(quantized);
  if (q.getStorageTypeIntegralWidth() == 32)
    return DType::I32;
  return q.isSigned() ? DType::I8 : DType::U8;
}

/// An integer graph value as a tensor of quantized type `type`: checks that
/// the storage matches and casts.
FailureOr<Value> castToQuant(Importer &im, const onnx::NodeProto &node,
                             GraphValue &value, Type type,
                             llvm::StringRef what) {
  if (value.dtype != getStorageDType(type))
    return im.emitNodeError(node)
           << what << " has type " << getDTypeName(value.dtype).str()
           << " but its zero point says "
           << getDTypeName(getStorageDType(type)).str();
  return storageCast(im.builder, im.getLoc(node), im.materialize(value), type);
}

LogicalResult convertQLinearConv(Importer &im, const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  FailureOr<GraphValue *> w = im.getInput(node, 3);
  FailureOr<GraphValue *> b = im.getInput(node, 8, /*optional=*/true);
  if (failed(x) || failed(w) || failed(b))
    return failure();
  FailureOr<Type> xType =
      getParamQuantType(im, node, 1, 2, DType::U8, std::nullopt, "x");
  FailureOr<Type> wType = getParamQuantType(im, node, 4, 5, DType::U8, 0, "w");
  FailureOr<Type> yType =
      getParamQuantType(im, node, 6, 7, DType::U8, std::nullopt, "y");
  if (failed(xType) || failed(wType) || failed(yType))
    return failure();
  if (*b && (*b)->dtype != DType::I32)
    return im.emitNodeError(node) << "the bias must be INT32";
  Location loc = im.getLoc(node);
  Value input = im.materialize(**x), filter = im.materialize(**w);
  FailureOr<ConvGeometry> geometry =
      getConvGeometry(im, node, getType(input), getType(filter));
  if (failed(geometry))
    return failure();
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(*wType);
      perAxis &&
      int64_t(perAxis.getScales().size()) != getType(filter).getDimSize(0))
    return im.emitNodeError(node)
           << "w scale must have one value per output channel";
  if (geometry->oneD) {
    input = expandTo2D(im.builder, loc, input);
    filter = expandTo2D(im.builder, loc, filter);
  }
  GraphValue xValue{input, (*x)->dtype, std::nullopt};
  GraphValue wValue{filter, (*w)->dtype, std::nullopt};
  FailureOr<Value> qx = castToQuant(im, node, xValue, *xType, "x");
  FailureOr<Value> qw = castToQuant(im, node, wValue, *wType, "w");
  if (failed(qx) || failed(qw))
    return failure();
  Value bias = *b ? im.materialize(**b) : Value();
  Value result = createConv(im, loc, *geometry, *qx, *qw, bias, *yType,
                            /*onnxRequant=*/true);
  DType yStorage = getStorageDType(*yType);
  result =
      storageCast(im.builder, loc, result,
                  getStorageElementType(im.builder.getContext(), yStorage));
  if (geometry->oneD)
    result = collapseTo1D(im.builder, loc, result);
  im.setOutput(node, 0, result, yStorage);
  return success();
}

LogicalResult convertConvInteger(Importer &im, const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  FailureOr<GraphValue *> w = im.getInput(node, 1);
  if (failed(x) || failed(w))
    return failure();
  if (!isInt8((*x)->dtype) || !isInt8((*w)->dtype))
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
  FailureOr<std::vector<int64_t>> xZp = zeroPoints(2, (*x)->dtype, false);
  FailureOr<std::vector<int64_t>> wZp = zeroPoints(3, (*w)->dtype, true);
  if (failed(xZp) || failed(wZp))
    return failure();
  Location loc = im.getLoc(node);
  Value input = im.materialize(**x), filter = im.materialize(**w);
  FailureOr<ConvGeometry> geometry =
      getConvGeometry(im, node, getType(input), getType(filter));
  if (failed(geometry))
    return failure();
  int64_t outChannels = getType(filter).getDimSize(0);
  if (wZp->size() != 1 && wZp->size() != size_t(outChannels))
    return im.emitNodeError(node)
           << "w zero point must be a scalar or have one value per output "
              "channel";
  if (geometry->oneD) {
    input = expandTo2D(im.builder, loc, input);
    filter = expandTo2D(im.builder, loc, filter);
  }
  MLIRContext *ctx = im.builder.getContext();
  Type xType = getQuantType(ctx, (*x)->dtype, {1.0}, *xZp, std::nullopt);
  Type wType =
      wZp->size() == 1
          ? getQuantType(ctx, (*w)->dtype, {1.0}, *wZp, std::nullopt)
          : getQuantType(ctx, (*w)->dtype,
                         SmallVector<double>(wZp->size(), 1.0), *wZp, 0);
  Value result =
      createConv(im, loc, *geometry, storageCast(im.builder, loc, input, xType),
                 storageCast(im.builder, loc, filter, wType), Value(),
                 im.builder.getI32Type(), false);
  if (geometry->oneD)
    result = collapseTo1D(im.builder, loc, result);
  im.setOutput(node, 0, result, DType::I32);
  return success();
}

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

LogicalResult convertQuantizeLinear(Importer &im, const onnx::NodeProto &node) {
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

LogicalResult convertDequantizeLinear(Importer &im,
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

LogicalResult convertBatchNorm(Importer &im, const onnx::NodeProto &node) {
  if (im.getIntAttr(node, "training_mode", 0) != 0)
    return im.emitUnsupported(node) << "training mode is not supported (only "
                                       "inference BatchNormalization)";
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      return im.emitUnsupported(node)
             << "the training outputs (running mean and variance) are not "
                "supported";
  SmallVector<Value> operands;
  for (int i = 0; i < 5; ++i) {
    FailureOr<GraphValue *> input = im.getInput(node, i);
    if (failed(input))
      return failure();
    if ((*input)->dtype != DType::F32)
      return im.emitUnsupported(node) << "only FLOAT inputs are supported";
    operands.push_back(im.materialize(**input));
  }
  if (getType(operands[0]).getRank() < 2)
    return im.emitNodeError(node) << "the input must have rank >= 2";
  float epsilon = im.getFloatAttr(node, "epsilon", 1e-5f);
  auto bn =
      BatchNormOp::create(im.builder, im.getLoc(node), operands[0].getType(),
                          operands[0], operands[1], operands[2], operands[3],
                          operands[4], im.builder.getF32FloatAttr(epsilon));
  im.setOutput(node, 0, bn.getOutput(), DType::F32);
  return success();
}

/// Relu and Clip: f32 directly; UINT8/INT8 tensors as the raw quantized type
/// (scale 1, zero point 0), whose integer clamp is the exact integer result.
template <typename Build>
LogicalResult convertActivation(Importer &im, const onnx::NodeProto &node,
                                Build build) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  if (failed(x))
    return failure();
  if ((*x)->dtype == DType::I32)
    return im.emitUnsupported(node) << "INT32 inputs are not supported";
  Location loc = im.getLoc(node);
  Value input = im.materialize(**x);
  if ((*x)->dtype == DType::F32) {
    im.setOutput(node, 0, build(input), DType::F32);
    return success();
  }
  Type raw = getRawQuantType(im.builder.getContext(), (*x)->dtype);
  Value result = build(storageCast(im.builder, loc, input, raw));
  im.setOutput(
      node, 0,
      storageCast(im.builder, loc, result, getType(input).getElementType()),
      (*x)->dtype);
  return success();
}

LogicalResult convertClip(Importer &im, const onnx::NodeProto &node) {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  if (im.opset < 11) {
    if (im.findAttr(node, "min"))
      lo = im.getFloatAttr(node, "min", 0.0f);
    if (im.findAttr(node, "max"))
      hi = im.getFloatAttr(node, "max", 0.0f);
  } else {
    for (int index : {1, 2}) {
      FailureOr<GraphValue *> bound = im.getInput(node, index, true);
      if (failed(bound))
        return failure();
      if (!*bound)
        continue;
      FailureOr<const HostTensor *> value = im.getConstantInput(
          node, index, index == 1 ? "the min bound" : "the max bound");
      if (failed(value))
        return failure();
      if ((*value)->getNumElements() != 1)
        return im.emitNodeError(node) << "Clip bounds must be scalars";
      (index == 1 ? lo : hi) = (*value)->getAsDouble(0);
    }
  }
  if (std::isnan(lo) || std::isnan(hi))
    return im.emitNodeError(node) << "Clip bounds must not be NaN";
  // ONNX Clip with min > max gives max everywhere (the max clamp applies
  // last); qfold.clamp requires min <= max, which this keeps equivalent.
  if (lo > hi)
    lo = hi;
  auto bound = [&](double v) -> FloatAttr {
    if (std::isinf(v) || std::abs(v) >= 3.4028234e38)
      return nullptr; // +-FLT_MAX defaults mean "no bound"
    return im.builder.getF32FloatAttr(static_cast<float>(v));
  };
  return convertActivation(im, node, [&](Value input) -> Value {
    return ClampOp::create(im.builder, im.getLoc(node), input.getType(), input,
                           bound(lo), bound(hi), /*requant_mode=*/nullptr);
  });
}

LogicalResult convertConstant(Importer &im, const onnx::NodeProto &node) {
  const onnx::AttributeProto *attr = im.findAttr(node, "value");
  HostTensor tensor;
  if (attr && attr->has_t()) {
    auto converted = convertTensorProto(attr->t(), "the 'value' attribute");
    if (!converted)
      return im.emitUnsupported(node) << llvm::toString(converted.takeError());
    tensor = std::move(*converted);
  } else if ((attr = im.findAttr(node, "value_float")) && attr->has_f()) {
    tensor = HostTensor(DType::F32, {});
    tensor.data<float>()[0] = attr->f();
  } else if ((attr = im.findAttr(node, "value_floats"))) {
    tensor = HostTensor(DType::F32, {int64_t(attr->floats_size())});
    for (int i = 0; i < attr->floats_size(); ++i)
      tensor.data<float>()[i] = attr->floats(i);
  } else {
    return im.emitUnsupported(node)
           << "only 'value', 'value_float' and 'value_floats' constants are "
              "supported";
  }
  im.setOutput(node, 0, GraphValue{Value(), tensor.dtype, tensor});
  return success();
}

} // namespace

LogicalResult onnx_import::convertNode(Importer &im,
                                       const onnx::NodeProto &node) {
  llvm::StringRef op = node.op_type();
  if (op == "Conv")
    return convertConv(im, node);
  if (op == "QLinearConv")
    return convertQLinearConv(im, node);
  if (op == "ConvInteger")
    return convertConvInteger(im, node);
  if (op == "QuantizeLinear")
    return convertQuantizeLinear(im, node);
  if (op == "DequantizeLinear")
    return convertDequantizeLinear(im, node);
  if (op == "BatchNormalization")
    return convertBatchNorm(im, node);
  if (op == "Relu")
    return convertActivation(im, node, [&](Value input) -> Value {
      return ReluOp::create(im.builder, im.getLoc(node), input.getType(), input,
                            /*requant_mode=*/nullptr);
    });
  if (op == "Clip")
    return convertClip(im, node);
  if (op == "Constant")
    return convertConstant(im, node);
  if (op == "Identity") {
    FailureOr<GraphValue *> x = im.getInput(node, 0);
    if (failed(x))
      return failure();
    im.setOutput(node, 0, **x);
    return success();
  }
  return im.emitUnsupported(node) << "unsupported ONNX operator";
}
