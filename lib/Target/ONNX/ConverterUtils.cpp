//===- ConverterUtils.cpp - helpers of the ONNX node converters
//-------------===//

#include "NodeConverters.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

RankedTensorType onnx_import::getType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

bool onnx_import::isInt8(DType dtype) {
  return dtype == DType::U8 || dtype == DType::I8;
}

/// The values of a constant as doubles (f32 or integers).
std::vector<double> onnx_import::toDoubles(const HostTensor &tensor) {
  std::vector<double> result;
  for (int64_t i = 0; i < tensor.getNumElements(); ++i)
    result.push_back(tensor.getAsDouble(i));
  return result;
}

FailureOr<Value> onnx_import::getFloatInput(Importer &im,
                                            const onnx::NodeProto &node,
                                            int index) {
  FailureOr<GraphValue *> x = im.getInput(node, index);
  if (failed(x))
    return failure();
  if ((*x)->dtype != DType::F32) {
    im.emitUnsupported(node) << "only FLOAT inputs are supported";
    return failure();
  }
  return im.materialize(**x);
}

FailureOr<std::vector<int64_t>>
onnx_import::getIntsAttrOfSize(Importer &im, const onnx::NodeProto &node,
                               llvm::StringRef name, size_t size,
                               int64_t fill) {
  std::optional<std::vector<int64_t>> values = im.getIntsAttr(node, name);
  if (!values)
    return std::vector<int64_t>(size, fill);
  if (values->size() != size) {
    im.emitNodeError(node) << "attribute '" << name << "' has "
                           << values->size() << " values, expected " << size;
    return failure();
  }
  return *values;
}

LogicalResult onnx_import::applyAutoPad(Importer &im,
                                        const onnx::NodeProto &node,
                                        ArrayRef<int64_t> sizes,
                                        ArrayRef<int64_t> strides,
                                        ArrayRef<int64_t> extents,
                                        std::vector<int64_t> &pads) {
  std::string autoPad = im.getStringAttr(node, "auto_pad", "NOTSET");
  size_t spatial = sizes.size();
  if (autoPad == "NOTSET")
    return success();
  if (autoPad == "VALID") {
    pads.assign(2 * spatial, 0);
    return success();
  }
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return im.emitNodeError(node)
           << "attribute 'auto_pad' has the unknown value '" << autoPad << "'";
  pads.assign(2 * spatial, 0);
  for (size_t i = 0; i < spatial; ++i) {
    int64_t out = (sizes[i] + strides[i] - 1) / strides[i];
    int64_t total =
        std::max<int64_t>((out - 1) * strides[i] + extents[i] - sizes[i], 0);
    int64_t small = total / 2, large = total - small;
    // SAME_UPPER puts the odd pad at the end, SAME_LOWER at the start.
    pads[i] = autoPad == "SAME_UPPER" ? small : large;
    pads[i + spatial] = autoPad == "SAME_UPPER" ? large : small;
  }
  return success();
}

Value onnx_import::expandTo2D(OpBuilder &b, Location loc, Value value) {
  RankedTensorType type = getType(value);
  SmallVector<int64_t> shape = {type.getDimSize(0), type.getDimSize(1), 1,
                                type.getDimSize(2)};
  return tensor::ExpandShapeOp::create(
      b, loc, type.clone(shape), value,
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

Value onnx_import::collapseTo1D(OpBuilder &b, Location loc, Value value) {
  return tensor::CollapseShapeOp::create(
      b, loc, value, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

Value onnx_import::reshapeStatic(OpBuilder &b, Location loc, Value value,
                                 ArrayRef<int64_t> shape) {
  RankedTensorType type = getType(value);
  if (type.getShape() == shape)
    return value;
  auto allDims = [](int64_t rank) {
    ReassociationIndices dims;
    for (int64_t i = 0; i < rank; ++i)
      dims.push_back(i);
    return SmallVector<ReassociationIndices>{dims};
  };
  // One collapse or expand where the shapes allow it (this keeps a per-axis
  // quantized dimension in place), else through the 1-D form.
  auto target = type.clone(shape);
  if (type.getRank() > 0 && !shape.empty()) {
    if (shape.size() < size_t(type.getRank())) {
      if (auto groups = getReassociationIndicesForReshape(type, target))
        return tensor::CollapseShapeOp::create(b, loc, target, value, *groups);
    } else if (shape.size() > size_t(type.getRank())) {
      if (auto groups = getReassociationIndicesForReshape(type, target))
        return tensor::ExpandShapeOp::create(b, loc, target, value, *groups);
    }
  }
  int64_t count = type.getNumElements();
  Value flat = value;
  if (type.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(b, loc, type.clone({1}), value,
                                         ArrayRef<ReassociationIndices>{});
  else if (type.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(b, loc, type.clone({count}), value,
                                           allDims(type.getRank()));
  if (shape.size() == 1)
    return flat;
  if (shape.empty())
    return tensor::CollapseShapeOp::create(b, loc, target, flat,
                                           ArrayRef<ReassociationIndices>{});
  return tensor::ExpandShapeOp::create(b, loc, target, flat,
                                       allDims(shape.size()));
}

FailureOr<int64_t> onnx_import::normalizeAxis(Importer &im,
                                              const onnx::NodeProto &node,
                                              int64_t axis, int64_t rank,
                                              llvm::StringRef what) {
  if (axis < -rank || axis >= rank) {
    im.emitNodeError(node) << "attribute '" << what << "' is " << axis
                           << ", outside [" << -rank << ", " << rank - 1
                           << "] for an input of rank " << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

Value onnx_import::storageCast(OpBuilder &b, Location loc, Value value,
                               Type element) {
  return quant::StorageCastOp::create(b, loc, getType(value).clone(element),
                                      value);
}

/// The quantized type of a tensor from constant scale and zero point inputs
/// (zero point optional: 0 of `defaultStorage`). Per axis when the scale is
/// a 1-D tensor.
FailureOr<Type> onnx_import::getParamQuantType(
    Importer &im, const onnx::NodeProto &node, int scaleIndex, int zpIndex,
    DType defaultStorage, std::optional<int32_t> axis, llvm::StringRef what) {
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
DType onnx_import::getStorageDType(Type quantized) {
  auto q = cast<quant::QuantizedType>(quantized);
  if (q.getStorageTypeIntegralWidth() == 32)
    return DType::I32;
  return q.isSigned() ? DType::I8 : DType::U8;
}

/// An integer graph value as a tensor of quantized type `type`: checks that
/// the storage matches and casts.
FailureOr<Value> onnx_import::castToQuant(Importer &im,
                                          const onnx::NodeProto &node,
                                          GraphValue &value, Type type,
                                          llvm::StringRef what) {
  if (value.dtype != getStorageDType(type))
    return im.emitNodeError(node)
           << what << " has type " << getDTypeName(value.dtype).str()
           << " but its zero point says "
           << getDTypeName(getStorageDType(type)).str();
  return storageCast(im.builder, im.getLoc(node), im.materialize(value), type);
}
