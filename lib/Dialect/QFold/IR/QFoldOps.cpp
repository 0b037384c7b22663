//===- QFoldOps.cpp - qfold operations: batch_norm, relu, clamp -----------===//
//
// The generated op definitions, and the builders, verifiers and folders of
// batch_norm, the activations and quad_dot (conv2d's are in Conv2DOp.cpp).
//
//===----------------------------------------------------------------------===//

#include "VerifierUtils.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Support/BatchNormFolding.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::verifier;
//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

std::optional<BatchNormParams>
mlir::qfold::getConstantBatchNormParams(BatchNormOp op) {
  std::optional<std::vector<double>> gamma = getConstantValues(op.getScale());
  std::optional<std::vector<double>> beta = getConstantValues(op.getBias());
  std::optional<std::vector<double>> mean = getConstantValues(op.getMean());
  std::optional<std::vector<double>> var = getConstantValues(op.getVariance());
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  return BatchNormParams{std::move(*gamma), std::move(*beta), std::move(*mean),
                         std::move(*var), op.getEpsilon().convertToDouble()};
}

LogicalResult BatchNormOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  if (inputType.getRank() < 2)
    return emitOpError("input must have rank >= 2 (N x C x ...), got rank ")
           << inputType.getRank();
  int64_t channels = inputType.getDimSize(1);
  if (ShapedType::isDynamic(channels))
    return emitOpError("the channel dimension (1) of the input must be static");
  if (!getScale().getType().hasStaticShape())
    return emitOpError("scale, bias, mean and variance must have a static "
                       "shape, got ")
           << getScale().getType();
  int64_t params = getScale().getType().getDimSize(0);
  if (channels != params)
    return emitOpError("scale, bias, mean and variance have ")
           << params << " elements, expected one per channel (" << channels
           << ")";
  double eps = getEpsilon().convertToDouble();
  if (!std::isfinite(eps) || eps < 0.0)
    return emitOpError("epsilon must be finite and >= 0, got ") << eps;
  // Constant statistics are checked here, where the user sees them, rather
  // than turning into inf/NaN weights when the op is folded.
  if (std::optional<BatchNormParams> bn = getConstantBatchNormParams(*this))
    if (std::optional<std::string> problem = validateBatchNormParams(*bn))
      return emitOpError() << *problem;
  return success();
}

OpFoldResult BatchNormOp::fold(FoldAdaptor) {
  std::optional<BatchNormParams> bn = getConstantBatchNormParams(*this);
  if (bn && !validateBatchNormParams(*bn) && isIdentityBatchNorm(*bn))
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// ReluOp / ClampOp
//===----------------------------------------------------------------------===//

static ParseResult parseActivationTypes(OpAsmParser &parser, Type &input,
                                        Type &output) {
  if (parser.parseType(input))
    return failure();
  if (succeeded(parser.parseOptionalArrow()))
    return parser.parseType(output);
  output = input;
  return success();
}

static void printActivationTypes(OpAsmPrinter &printer, Operation *, Type input,
                                 Type output) {
  printer << input;
  if (input != output)
    printer << " -> " << output;
}

/// Float activations keep their type; quantized ones are per-tensor 8-bit and
/// may requantize to another scale and zero point.
static LogicalResult verifyActivationTypes(Operation *op, Type inputType,
                                           Type outputType,
                                           Attribute requantMode) {
  bool inputFloat = isF32Tensor(inputType);
  bool outputFloat = isF32Tensor(outputType);
  if (inputFloat != outputFloat)
    return op->emitOpError("mixed float and quantized operands: input has "
                           "element type ")
           << cast<ShapedType>(inputType).getElementType() << " but result has "
           << cast<ShapedType>(outputType).getElementType();
  if (inputFloat) {
    if (requantMode)
      return op->emitOpError(
          "requant_mode is only meaningful on the quantized form");
    return success();
  }
  auto emitError = [&] { return op->emitOpError(); };
  std::optional<QuantInfo> input = getQuantInfo(inputType);
  std::optional<QuantInfo> output = getQuantInfo(outputType);
  if (failed(verifyQuantInfo(emitError, "input", *input, {8})) ||
      failed(verifyQuantInfo(emitError, "result", *output, {8})))
    return failure();
  if (input->isPerAxis() || output->isPerAxis())
    return op->emitOpError("quantized operands must be quantized per tensor, "
                           "got ")
           << cast<ShapedType>(inputType).getElementType() << " -> "
           << cast<ShapedType>(outputType).getElementType();
  return success();
}

LogicalResult ReluOp::verify() {
  return verifyActivationTypes(*this, getInput().getType(),
                               getOutput().getType(), getRequantModeAttr());
}

OpFoldResult ReluOp::fold(FoldAdaptor) {
  // relu(relu(x)) == relu(x) when no requantization is involved.
  auto inner = getInput().getDefiningOp<ReluOp>();
  if (inner && inner.getInput().getType() == getType() &&
      getInput().getType() == getType())
    return getInput();
  return {};
}

double ClampOp::getMinValue() {
  if (std::optional<APFloat> v = getMin())
    return v->convertToDouble();
  return -std::numeric_limits<double>::infinity();
}

double ClampOp::getMaxValue() {
  if (std::optional<APFloat> v = getMax())
    return v->convertToDouble();
  return std::numeric_limits<double>::infinity();
}

LogicalResult ClampOp::verify() {
  double lo = getMinValue(), hi = getMaxValue();
  if (std::isnan(lo) || std::isnan(hi))
    return emitOpError("min and max must not be NaN");
  if (lo > hi)
    return emitOpError() << "min (" << lo << ") must be <= max (" << hi << ")";
  return verifyActivationTypes(*this, getInput().getType(),
                               getOutput().getType(), getRequantModeAttr());
}

OpFoldResult ClampOp::fold(FoldAdaptor) {
  // A clamp without bounds is the identity unless it requantizes.
  if (!getMin() && !getMax() && getInput().getType() == getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// quad_dot
//===----------------------------------------------------------------------===//

LogicalResult QuadDotOp::verify() {
  VectorType acc = getAcc().getType(), lhs = getLhs().getType();
  if (acc.isScalable() || lhs.isScalable())
    return emitOpError("expects fixed-size vectors");
  if (lhs.getNumElements() != 4 * acc.getNumElements())
    return emitOpError("expects four bytes per i32 lane: ")
           << acc.getNumElements() << " lanes need " << 4 * acc.getNumElements()
           << " bytes per operand, got " << lhs.getNumElements();
  return success();
}

#define GET_OP_CLASSES
#include "qfold/Dialect/QFold/IR/QFoldOps.cpp.inc"
