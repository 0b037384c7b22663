//===- Conv2DOp.cpp - qfold.conv2d: builder, accessors, verifier ----------===//

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
// Conv2DOp
//===----------------------------------------------------------------------===//

void Conv2DOp::build(OpBuilder &builder, OperationState &state, Value input,
                     Value filter, Value bias, ArrayRef<int64_t> strides,
                     ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads,
                     int64_t groups) {
  auto inputType = cast<RankedTensorType>(input.getType());
  auto filterType = cast<RankedTensorType>(filter.getType());
  // An inconsistent combination still builds (with the input's type) so that
  // the verifier reports it at the op rather than the builder asserting.
  Type resultType = inputType;
  FailureOr<SmallVector<int64_t>> shape =
      inferResultShape(inputType.getShape(), filterType.getShape(), strides,
                       dilations, pads, groups, /*emitError=*/nullptr);
  if (succeeded(shape))
    resultType = RankedTensorType::get(*shape, inputType.getElementType());
  build(builder, state, resultType, input, filter, bias,
        builder.getDenseI64ArrayAttr(strides),
        builder.getDenseI64ArrayAttr(dilations),
        builder.getDenseI64ArrayAttr(pads), builder.getI64IntegerAttr(groups),
        /*clamp_min=*/nullptr, /*clamp_max=*/nullptr,
        /*requant_mode=*/nullptr, /*pad_values=*/nullptr);
}

FailureOr<SmallVector<int64_t>> Conv2DOp::inferResultShape(
    ArrayRef<int64_t> inputShape, ArrayRef<int64_t> filterShape,
    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
    ArrayRef<int64_t> pads, int64_t groups,
    function_ref<InFlightDiagnostic()> emitError) {
  auto fail = [&](auto &&...parts) -> FailureOr<SmallVector<int64_t>> {
    return emitIfRequested(emitError, parts...);
  };
  if (inputShape.size() != 4 || filterShape.size() != 4 ||
      strides.size() != 2 || dilations.size() != 2 || pads.size() != 4 ||
      groups < 1)
    return fail("expects rank-4 input and filter, 2 strides, 2 dilations, "
                "4 pads and groups >= 1");
  if (llvm::any_of(inputShape.drop_front(), ShapedType::isDynamic) ||
      llvm::any_of(filterShape, ShapedType::isDynamic))
    return fail("expects static channel and spatial dimensions");
  if (llvm::any_of(inputShape.drop_front(), [](int64_t d) { return d < 1; }) ||
      llvm::any_of(filterShape, [](int64_t d) { return d < 1; }))
    return fail("expects non-empty channel, spatial and filter dimensions, "
                "got input ",
                list(inputShape), " and filter ", list(filterShape));

  int64_t channels = inputShape[1];
  int64_t outChannels = filterShape[0];
  if (channels % groups != 0)
    return fail("input channels (", channels,
                ") must be a multiple of groups (", groups, ")");
  if (outChannels % groups != 0)
    return fail("output channels (filter dimension 0 = ", outChannels,
                ") must be a multiple of groups (", groups, ")");
  if (filterShape[1] != channels / groups)
    return fail("filter dimension 1 is ", filterShape[1],
                ", expected input channels / groups = ", channels, " / ",
                groups, " = ", channels / groups);

  SmallVector<int64_t> result = {inputShape[0], outChannels};
  const char *dimNames[] = {"height", "width"};
  for (int i = 0; i < 2; ++i) {
    int64_t padded = inputShape[2 + i] + pads[i] + pads[i + 2];
    int64_t kernelExtent = dilations[i] * (filterShape[2 + i] - 1) + 1;
    if (kernelExtent > padded)
      return fail("the dilated kernel ", dimNames[i], " (", kernelExtent,
                  ") exceeds the padded input ", dimNames[i], " (", padded,
                  ")");
    result.push_back((padded - kernelExtent) / strides[i] + 1);
  }
  return result;
}

bool Conv2DOp::isQuantized() {
  return isa<quant::QuantizedType>(getInput().getType().getElementType());
}

double Conv2DOp::getFloatClampMin() {
  return getFloatBound(getClampMinAttr(),
                       -std::numeric_limits<double>::infinity());
}

double Conv2DOp::getFloatClampMax() {
  return getFloatBound(getClampMaxAttr(),
                       std::numeric_limits<double>::infinity());
}

bool Conv2DOp::isIntegerForm() {
  return isQuantized() &&
         getOutput().getType().getElementType().isSignlessInteger(32);
}

std::pair<int64_t, int64_t> Conv2DOp::getResultStorageRange() {
  if (std::optional<QuantInfo> out = getQuantInfo(getOutput().getType()))
    return {out->storageMin, out->storageMax};
  return {std::numeric_limits<int32_t>::min(),
          std::numeric_limits<int32_t>::max()};
}

int64_t Conv2DOp::getQuantClampMin() {
  return getIntBound(getClampMinAttr(), getResultStorageRange().first);
}

int64_t Conv2DOp::getQuantClampMax() {
  return getIntBound(getClampMaxAttr(), getResultStorageRange().second);
}

bool Conv2DOp::hasFusedClamp() {
  if (!isQuantized())
    return !std::isinf(getFloatClampMin()) || !std::isinf(getFloatClampMax());
  auto [lo, hi] = getResultStorageRange();
  return getQuantClampMin() != lo || getQuantClampMax() != hi;
}

/// The attribute-only rules: counts and signs of strides, dilations, pads
/// and groups.
static LogicalResult verifyConvAttributes(Conv2DOp op) {
  auto checkPositive = [&](StringRef name, ArrayRef<int64_t> values,
                           StringRef meaning) -> LogicalResult {
    if (values.size() != 2)
      return op.emitOpError() << "expects 2 " << name << " (" << meaning
                              << "), got " << values.size();
    if (llvm::any_of(values, [](int64_t v) { return v <= 0; }))
      return op.emitOpError()
             << name << " must be positive, got " << list(values);
    return success();
  };
  if (failed(checkPositive("strides", op.getStrides(), "height, width")) ||
      failed(checkPositive("dilations", op.getDilations(), "height, width")))
    return failure();
  ArrayRef<int64_t> pads = op.getPads();
  if (pads.size() != 4)
    return op.emitOpError()
           << "expects 4 pads (top, left, bottom, right), got " << pads.size();
  if (llvm::any_of(pads, [](int64_t v) { return v < 0; }))
    return op.emitOpError() << "pads must be non-negative, got " << list(pads);
  if (op.getGroups() < 1)
    return op.emitOpError()
           << "groups must be positive, got " << op.getGroups();
  return success();
}

/// Checks the quantized form's element types: per-tensor 8-bit input and
/// result, per-tensor or axis-0 8-bit filter, i32 bias of the implied scale.
static LogicalResult verifyQuantizedConvTypes(Conv2DOp op) {
  auto emitError = [&] { return op.emitOpError(); };
  std::optional<QuantInfo> input = getQuantInfo(op.getInput().getType());
  std::optional<QuantInfo> filter = getQuantInfo(op.getFilter().getType());
  if (failed(verifyQuantInfo(emitError, "input", *input, {8})) ||
      failed(verifyQuantInfo(emitError, "filter", *filter, {8})))
    return failure();
  if (input->isPerAxis())
    return op.emitOpError("input must be quantized per tensor, got ")
           << op.getInput().getType().getElementType();
  if (op.isIntegerForm()) {
    if (op.getRequantModeAttr())
      return op.emitOpError("requant_mode is not allowed with an i32 result "
                            "(the integer form does not requantize)");
  } else {
    Type resultElement = op.getOutput().getType().getElementType();
    std::optional<QuantInfo> output = getQuantInfo(resultElement);
    if (!output)
      return op.emitOpError("result must be quantized or i32 on the "
                            "quantized form, got ")
             << resultElement;
    if (failed(verifyQuantInfo(emitError, "result", *output, {8})))
      return failure();
    if (output->isPerAxis())
      return op.emitOpError("result must be quantized per tensor, got ")
             << resultElement;
  }

  int64_t outChannels = op.getFilter().getType().getDimSize(0);
  if (filter->isPerAxis()) {
    if (*filter->axis != 0)
      return op.emitOpError("filter must be quantized per tensor or per "
                            "output channel (axis 0), got axis ")
             << *filter->axis;
    if (static_cast<int64_t>(filter->scales.size()) != outChannels)
      return op.emitOpError("filter has ")
             << filter->scales.size()
             << " per-channel scales, expected one per output channel ("
             << outChannels << ")";
  }

  Value bias = op.getBias();
  if (!bias)
    return success();
  Type biasElement = cast<ShapedType>(bias.getType()).getElementType();
  if (biasElement.isF32())
    return op.emitOpError("bias must be i32 on the quantized form, got f32");
  std::optional<QuantInfo> biasInfo = getQuantInfo(biasElement);
  if (!biasInfo) {
    // A plain i32 bias carries the implied scale.
    if (!biasElement.isSignlessInteger(32))
      return op.emitOpError("bias must be i32 on the quantized form, got ")
             << biasElement;
    return success();
  }
  if (failed(verifyQuantInfo(emitError, "bias", *biasInfo, {32})))
    return failure();
  if (!biasInfo->isSigned)
    return op.emitOpError("bias must have signed i32 storage");
  if (biasInfo->isPerAxis() && *biasInfo->axis != 0)
    return op.emitOpError("per-channel bias must be quantized along axis 0, "
                          "got axis ")
           << *biasInfo->axis;
  if (biasInfo->isPerAxis() &&
      static_cast<int64_t>(biasInfo->scales.size()) != outChannels)
    return op.emitOpError("bias has ")
           << biasInfo->scales.size() << " per-channel scales, expected "
           << outChannels;
  for (int64_t c = 0; c < outChannels; ++c) {
    double expected = input->scale() * filter->scale(c);
    double actual = biasInfo->scale(c);
    // The scales are printed with 7 significant digits, so a product of two
    // printed scales is only reproducible to about 1e-6 relative.
    if (std::abs(actual - expected) > 1e-5 * expected)
      return op.emitOpError("bias scale of output channel ")
             << c << " is " << actual
             << ", expected input_scale * filter_scale = " << expected;
    if (biasInfo->zeroPoint(c) != 0)
      return op.emitOpError("bias zero point must be 0, got ")
             << biasInfo->zeroPoint(c);
  }
  return success();
}

LogicalResult Conv2DOp::verify() {
  if (failed(verifyConvAttributes(*this)))
    return failure();

  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto outputType = cast<RankedTensorType>(getOutput().getType());

  // Float and quantized forms do not mix.
  bool quantized = isQuantized();
  auto checkKind = [&](StringRef name, Type type) -> LogicalResult {
    if (isF32Tensor(type) == !quantized)
      return success();
    return emitOpError("mixed float and quantized operands: input has element "
                       "type ")
           << inputType.getElementType() << " but " << name << " has "
           << cast<ShapedType>(type).getElementType();
  };
  if (failed(checkKind("filter", filterType)) ||
      failed(checkKind("result", outputType)))
    return failure();
  if (getBias() && !quantized && !isF32Tensor(getBias().getType()))
    return emitOpError("bias must be f32 on the float form, got ")
           << getBias().getType().getElementType();

  // Only the batch dimension may be dynamic.
  if (llvm::any_of(inputType.getShape().drop_front(), ShapedType::isDynamic))
    return emitOpError("input channel and spatial dimensions must be static, "
                       "got ")
           << inputType;
  if (!filterType.hasStaticShape())
    return emitOpError("filter must have a static shape, got ") << filterType;
  if (llvm::any_of(outputType.getShape().drop_front(), ShapedType::isDynamic))
    return emitOpError("result channel and spatial dimensions must be static, "
                       "got ")
           << outputType;

  FailureOr<SmallVector<int64_t>> expected = inferResultShape(
      inputType.getShape(), filterType.getShape(), getStrides(), getDilations(),
      getPads(), getGroups(), [&] { return emitOpError(); });
  if (failed(expected))
    return failure();
  if (ArrayRef<int64_t>(*expected) != outputType.getShape())
    return emitOpError("result shape ")
           << list(outputType.getShape())
           << " does not match the shape the operands and attributes give, "
           << list(*expected)
           << " (OH = (H + top + bottom - dilation * (KH - 1) - 1) / stride "
              "+ 1, likewise OW)";

  if (Value bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (biasType.getDimSize(0) != filterType.getDimSize(0))
      return emitOpError("bias has ")
             << biasType.getDimSize(0)
             << " elements, expected one per output channel ("
             << filterType.getDimSize(0) << ")";
  }

  if (quantized && failed(verifyQuantizedConvTypes(*this)))
    return failure();
  // Non-finite constant weights are always a bug upstream of the compiler,
  // and folding would spread them through every output channel.
  for (auto [name, value] : {std::pair<StringRef, Value>{"filter", getFilter()},
                             std::pair<StringRef, Value>{"bias", getBias()}}) {
    DenseElementsAttr constant;
    if (!value || quantized || !matchPattern(value, m_Constant(&constant)) ||
        !constant.getElementType().isF32())
      continue;
    for (auto [i, v] : llvm::enumerate(constant.getValues<float>()))
      if (!std::isfinite(v))
        return emitOpError()
               << name << " element " << i << " is not finite (" << v << ")";
  }
  if (!quantized && getRequantModeAttr())
    return emitOpError("requant_mode is only meaningful on the quantized form");
  if (DenseF32ArrayAttr padValues = getPadValuesAttr()) {
    if (quantized)
      return emitOpError("pad_values is only meaningful on the float form "
                         "(the quantized form pads with the input's zero "
                         "point)");
    int64_t channels = inputType.getDimSize(1);
    if (static_cast<int64_t>(padValues.size()) != channels)
      return emitOpError("pad_values has ")
             << padValues.size() << " values, expected one per input channel ("
             << channels << ")";
    for (auto [c, v] : llvm::enumerate(padValues.asArrayRef()))
      if (!std::isfinite(v))
        return emitOpError("pad_values[")
               << c << "] is not finite (" << v << ")";
  }
  auto [storageMin, storageMax] =
      quantized ? getResultStorageRange() : std::pair<int64_t, int64_t>{0, 0};
  return verifyFusedClamp([&] { return emitOpError(); }, getClampMinAttr(),
                          getClampMaxAttr(), quantized, storageMin, storageMax);
}
