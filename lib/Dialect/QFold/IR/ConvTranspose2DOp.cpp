//===- ConvTranspose2DOp.cpp - qfold.conv_transpose2d: shape, verifier ----===//

#include "VerifierUtils.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::verifier;

FailureOr<SmallVector<int64_t>> ConvTranspose2DOp::inferResultShape(
    ArrayRef<int64_t> inputShape, ArrayRef<int64_t> filterShape,
    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
    ArrayRef<int64_t> pads, ArrayRef<int64_t> outputPadding, int64_t groups,
    function_ref<InFlightDiagnostic()> emitError) {
  auto fail = [&](auto &&...parts) -> FailureOr<SmallVector<int64_t>> {
    return emitIfRequested(emitError, parts...);
  };
  if (inputShape.size() != 4 || filterShape.size() != 4)
    return fail("expects a rank-4 input and filter");
  if (strides.size() != 2 || dilations.size() != 2 || pads.size() != 4 ||
      outputPadding.size() != 2)
    return fail("expects 2 strides, 2 dilations, 4 pads (top, left, bottom, "
                "right) and 2 output_padding values");
  if (llvm::any_of(strides, [](int64_t v) { return v <= 0; }) ||
      llvm::any_of(dilations, [](int64_t v) { return v <= 0; }))
    return fail("strides and dilations must be positive, got strides ",
                list(strides), ", dilations ", list(dilations));
  if (llvm::any_of(pads, [](int64_t v) { return v < 0; }) ||
      llvm::any_of(outputPadding, [](int64_t v) { return v < 0; }))
    return fail("pads and output_padding must be non-negative, got pads ",
                list(pads), ", output_padding ", list(outputPadding));
  if (groups < 1)
    return fail("groups must be positive, got ", groups);
  if (ShapedType::isDynamicShape(inputShape) ||
      ShapedType::isDynamicShape(filterShape))
    return fail("expects static shapes");
  if (llvm::any_of(inputShape.drop_front(), [](int64_t d) { return d < 1; }) ||
      llvm::any_of(filterShape, [](int64_t d) { return d < 1; }))
    return fail("expects non-empty channel, spatial and filter dimensions, "
                "got input ",
                list(inputShape), " and filter ", list(filterShape));
  int64_t channels = inputShape[1];
  if (filterShape[0] != channels)
    return fail("filter dimension 0 is ", filterShape[0],
                ", expected the input channels (", channels,
                "): the filter is C x O/groups x KH x KW");
  if (channels % groups != 0)
    return fail("input channels (", channels,
                ") must be a multiple of groups (", groups, ")");

  SmallVector<int64_t> result = {inputShape[0], filterShape[1] * groups};
  const char *dimNames[] = {"height", "width"};
  for (int i = 0; i < 2; ++i) {
    // PyTorch's rule: the extra rows must not reach the next input pixel's
    // footprint, so the output padding stays below the stride or dilation.
    if (outputPadding[i] >= std::max(strides[i], dilations[i]))
      return fail("output_padding ", dimNames[i], " (", outputPadding[i],
                  ") must be smaller than the stride (", strides[i],
                  ") or the dilation (", dilations[i], ")");
    int64_t size = strides[i] * (inputShape[2 + i] - 1) +
                   dilations[i] * (filterShape[2 + i] - 1) + 1 +
                   outputPadding[i] - pads[i] - pads[i + 2];
    if (size <= 0)
      return fail("the output ", dimNames[i], " would be ", size,
                  " (stride * (H - 1) + dilation * (KH - 1) + 1 + "
                  "output_padding - pads)");
    // The pads crop the full output, which is the input spread `stride`
    // apart and extended by the kernel; they must leave some of the spread
    // input itself (else every output is bias alone).
    int64_t spread = strides[i] * (inputShape[2 + i] - 1) + 1;
    int64_t extent = dilations[i] * (filterShape[2 + i] - 1);
    int64_t crop =
        std::max<int64_t>(pads[i] - extent, 0) +
        std::max<int64_t>(pads[i + 2] - extent - outputPadding[i], 0);
    if (crop >= spread)
      return fail("the pads crop all of the spread input ", dimNames[i], " (",
                  spread, " rows or columns, ", crop,
                  " cropped beyond the kernel extent)");
    result.push_back(size);
  }
  return result;
}

double ConvTranspose2DOp::getFloatClampMin() {
  return getFloatBound(getClampMinAttr(),
                       -std::numeric_limits<double>::infinity());
}

double ConvTranspose2DOp::getFloatClampMax() {
  return getFloatBound(getClampMaxAttr(),
                       std::numeric_limits<double>::infinity());
}

LogicalResult ConvTranspose2DOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  auto outputType = cast<RankedTensorType>(getOutput().getType());
  FailureOr<SmallVector<int64_t>> expected = inferResultShape(
      inputType.getShape(), filterType.getShape(), getStrides(), getDilations(),
      getPads(), getOutputPadding(), getGroups(),
      [&] { return emitOpError(); });
  if (failed(expected))
    return failure();
  if (ArrayRef<int64_t>(*expected) != outputType.getShape())
    return emitOpError("result shape ")
           << list(outputType.getShape())
           << " does not match the shape the operands and attributes give, "
           << list(*expected);
  if (Value bias = getBias()) {
    int64_t size = cast<RankedTensorType>(bias.getType()).getDimSize(0);
    if (size != (*expected)[1])
      return emitOpError("bias has ")
             << size << " elements, expected one per output channel ("
             << (*expected)[1] << ")";
  }
  return verifyFusedClamp([&] { return emitOpError(); }, getClampMinAttr(),
                          getClampMaxAttr(), false, 0, 0);
}
