//===- ActivationNodes.cpp - BatchNormalization, Relu, Clip
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

} // namespace

LogicalResult onnx_import::convertBatchNorm(Importer &im,
                                            const onnx::NodeProto &node) {
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

LogicalResult onnx_import::convertRelu(Importer &im,
                                       const onnx::NodeProto &node) {
  return convertActivation(im, node, [&](Value input) -> Value {
    return ReluOp::create(im.builder, im.getLoc(node), input.getType(), input,
                          /*requant_mode=*/nullptr);
  });
}

LogicalResult onnx_import::convertClip(Importer &im,
                                       const onnx::NodeProto &node) {
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
