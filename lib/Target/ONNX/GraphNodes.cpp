//===- GraphNodes.cpp - Constant, Cast, Identity, Dropout -----------------===//

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

LogicalResult onnx_import::convertConstant(Importer &im,
                                           const onnx::NodeProto &node) {
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

LogicalResult onnx_import::convertDropout(Importer &im,
                                          const onnx::NodeProto &node) {
  if (node.output_size() > 1 && !node.output(1).empty())
    return im.emitUnsupported(node) << "the mask output is not supported";
  if (im.getIntAttr(node, "is_test", 1) == 0 && im.opset < 7)
    return im.emitUnsupported(node)
           << "attribute 'is_test' = 0 (training) is not supported";
  // training_mode (opset >= 12) must be a constant false: inference only.
  FailureOr<GraphValue *> training = im.getInput(node, 2, /*optional=*/true);
  if (failed(training))
    return failure();
  if (*training) {
    FailureOr<const HostTensor *> mode =
        im.getConstantInput(node, 2, "training_mode");
    if (failed(mode))
      return failure();
    if ((*mode)->getNumElements() != 1 || (*mode)->getAsDouble(0) != 0.0)
      return im.emitUnsupported(node)
             << "training_mode = true is not supported (inference only)";
  }
  return convertIdentity(im, node);
}

LogicalResult onnx_import::convertIdentity(Importer &im,
                                           const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  if (failed(x))
    return failure();
  im.setOutput(node, 0, **x);
  return success();
}

LogicalResult onnx_import::convertCast(Importer &im,
                                       const onnx::NodeProto &node) {
  // Exports cast constants (torch.clamp's bounds, shapes): folded here. A
  // cast of a run-time tensor would need an op of its own.
  FailureOr<GraphValue *> value = im.getInput(node, 0);
  if (failed(value))
    return failure();
  if (!(*value)->constant)
    return im.emitUnsupported(node)
           << "a cast of the run-time tensor '" << node.input(0)
           << "' is not supported (only constants are cast, at import)";
  FailureOr<const HostTensor *> input = im.getConstantInput(node, 0, "input");
  if (failed(input))
    return failure();
  int64_t to = im.getIntAttr(node, "to", 0);
  std::optional<DType> dtype = getDType(static_cast<int>(to));
  // getDType reads BOOL as u8 (its storage); a cast to BOOL is not that.
  if (!dtype || to == onnx::TensorProto::BOOL)
    return im.emitUnsupported(node)
           << "attribute 'to' = " << to
           << ": only FLOAT, UINT8, INT8, INT32 and INT64 are supported";
  const HostTensor &from = **input;
  if (from.dtype == *dtype) {
    im.setOutput(node, 0, GraphValue{Value(), from.dtype, from});
    return success();
  }
  HostTensor cast(*dtype, from.shape);
  for (int64_t i = 0, e = from.getNumElements(); i < e; ++i) {
    double value = from.getAsDouble(i);
    if (*dtype == DType::F32) {
      // One rounding, as a direct conversion does (int64 through double
      // would round twice above 2^53).
      cast.data<float>()[i] = from.dtype == DType::I64
                                  ? static_cast<float>(from.data<int64_t>()[i])
                                  : static_cast<float>(value);
      continue;
    }
    // Float to integer truncates toward zero (C's conversion, as ONNX
    // Runtime does); a value outside the target range is undefined in ONNX:
    // refused rather than wrapped.
    if (std::isnan(value))
      return im.emitUnsupported(node)
             << "element " << i << " is NaN: not representable in "
             << getDTypeName(*dtype);
    double truncated = std::trunc(value);
    double lo = 0, hi = 0;
    switch (*dtype) {
    case DType::U8:
      lo = 0, hi = 255;
      break;
    case DType::I8:
      lo = -128, hi = 127;
      break;
    case DType::I32:
      lo = std::numeric_limits<int32_t>::min();
      hi = std::numeric_limits<int32_t>::max();
      break;
    default:
      lo = -9223372036854775808.0, hi = 9223372036854774784.0;
      break;
    }
    if (truncated < lo || truncated > hi)
      return im.emitUnsupported(node)
             << "element " << i << " = " << value << " is outside the range of "
             << getDTypeName(*dtype) << " (undefined in ONNX)";
    switch (*dtype) {
    case DType::U8:
      cast.data<uint8_t>()[i] = static_cast<uint8_t>(truncated);
      break;
    case DType::I8:
      cast.data<int8_t>()[i] = static_cast<int8_t>(truncated);
      break;
    case DType::I32:
      cast.data<int32_t>()[i] = static_cast<int32_t>(truncated);
      break;
    default:
      cast.data<int64_t>()[i] = static_cast<int64_t>(truncated);
      break;
    }
  }
  im.setOutput(node, 0, GraphValue{Value(), cast.dtype, std::move(cast)});
  return success();
}
