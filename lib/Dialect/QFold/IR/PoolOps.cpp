//===- PoolOps.cpp - qfold.max_pool2d, qfold.avg_pool2d: verifiers --------===//

#include "VerifierUtils.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::verifier;

FailureOr<SmallVector<int64_t>> mlir::qfold::inferPool2DResultShape(
    ArrayRef<int64_t> inputShape, ArrayRef<int64_t> kernel,
    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
    ArrayRef<int64_t> pads, bool ceilMode,
    function_ref<InFlightDiagnostic()> emitError) {
  auto fail = [&](auto &&...parts) -> FailureOr<SmallVector<int64_t>> {
    return emitIfRequested(emitError, parts...);
  };
  if (inputShape.size() != 4)
    return fail("expects a rank-4 (NCHW) input");
  for (auto [name, values, size] :
       {std::tuple<StringRef, ArrayRef<int64_t>, size_t>{"kernel", kernel, 2},
        {"strides", strides, 2},
        {"dilations", dilations, 2}}) {
    if (values.size() != size)
      return fail("expects 2 ", name, ", got ", values.size());
    if (llvm::any_of(values, [](int64_t v) { return v <= 0; }))
      return fail(name, " must be positive, got ", list(values));
  }
  if (pads.size() != 4)
    return fail("expects 4 pads (top, left, bottom, right), got ", pads.size());
  if (llvm::any_of(pads, [](int64_t v) { return v < 0; }))
    return fail("pads must be non-negative, got ", list(pads));
  if (llvm::any_of(inputShape.drop_front(2), ShapedType::isDynamic))
    return fail("expects static spatial dimensions");

  SmallVector<int64_t> result(inputShape.take_front(2));
  for (int i = 0; i < 2; ++i) {
    int64_t extent = dilations[i] * (kernel[i] - 1) + 1;
    if (pads[i] >= extent || pads[i + 2] >= extent)
      return fail("pads ", list(pads),
                  " must be smaller than the dilated window extent ", extent,
                  " in dimension ", i + 2,
                  " (otherwise a window can lie in the padding alone)");
    int64_t span = inputShape[2 + i] + pads[i] + pads[i + 2] - extent;
    if (span < 0)
      return fail(
          "the window (extent ", extent, ") is larger than the padded input (",
          inputShape[2 + i] + pads[i] + pads[i + 2], ") in dimension ", i + 2);
    int64_t size =
        (ceilMode ? (span + strides[i] - 1) / strides[i] : span / strides[i]) +
        1;
    // The last window must start inside the input or its leading padding.
    if (ceilMode && (size - 1) * strides[i] >= inputShape[2 + i] + pads[i])
      --size;
    result.push_back(size);
  }
  return result;
}

namespace {

/// The rules both pools share: the window geometry and the result shape.
template <typename PoolOp>
LogicalResult verifyPoolShape(PoolOp op, ArrayRef<int64_t> dilations) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto outputType = cast<RankedTensorType>(op.getOutput().getType());
  FailureOr<SmallVector<int64_t>> shape = inferPool2DResultShape(
      inputType.getShape(), op.getKernel(), op.getStrides(), dilations,
      op.getPads(), op.getCeilMode(), [&] { return op.emitOpError(); });
  if (failed(shape))
    return failure();
  if (ArrayRef<int64_t>(*shape) != outputType.getShape())
    return op.emitOpError("result shape ")
           << list(outputType.getShape())
           << " does not match the shape the input and attributes give, "
           << list(*shape);
  return success();
}

} // namespace

LogicalResult MaxPool2DOp::verify() {
  if (failed(verifyPoolShape(*this, getDilations())))
    return failure();
  Type inputElement = getInput().getType().getElementType();
  Type outputElement = getOutput().getType().getElementType();
  if (inputElement != outputElement)
    return emitOpError("input and result element types must be equal (the "
                       "maximum is taken on the stored values), got ")
           << inputElement << " and " << outputElement;
  if (inputElement.isF32())
    return success();
  std::optional<QuantInfo> info = getQuantInfo(inputElement);
  if (failed(
          verifyQuantInfo([&] { return emitOpError(); }, "input", *info, {8})))
    return failure();
  if (info->isPerAxis())
    return emitOpError("the input must be quantized per tensor, got ")
           << inputElement;
  return success();
}

SmallVector<int64_t> AvgPool2DOp::getWindowCounts() {
  ArrayRef<int64_t> in = getInput().getType().getShape().drop_front(2);
  ArrayRef<int64_t> out = getOutput().getType().getShape().drop_front(2);
  ArrayRef<int64_t> kernel = getKernel(), strides = getStrides(),
                    pads = getPads();
  bool includePad = getCountIncludePad();
  // Positions of window `index` along dimension `i` inside the counted
  // range: the input, or the input with its explicit padding.
  auto countAlong = [&](int i, int64_t index) {
    int64_t start = index * strides[i] - pads[i];
    int64_t lo = includePad ? -pads[i] : 0;
    int64_t hi = in[i] + (includePad ? pads[i + 2] : 0);
    return std::min(start + kernel[i], hi) - std::max(start, lo);
  };
  SmallVector<int64_t> counts;
  for (int64_t y = 0; y < out[0]; ++y)
    for (int64_t x = 0; x < out[1]; ++x)
      counts.push_back(countAlong(0, y) * countAlong(1, x));
  return counts;
}

LogicalResult AvgPool2DOp::verify() {
  if (failed(verifyPoolShape(*this, {1, 1})))
    return failure();
  bool inputFloat = isF32Tensor(getInput().getType());
  if (inputFloat != isF32Tensor(getOutput().getType()))
    return emitOpError("mixed float and quantized types: ")
           << getInput().getType() << " -> " << getOutput().getType();
  if (inputFloat) {
    if (getRequantModeAttr())
      return emitOpError(
          "requant_mode is only meaningful on the quantized form");
    return success();
  }
  for (auto [name, type] :
       {std::pair<StringRef, Type>{"input", getInput().getType()},
        std::pair<StringRef, Type>{"result", getOutput().getType()}}) {
    std::optional<QuantInfo> info = getQuantInfo(type);
    if (!info)
      return emitOpError() << "the " << name
                           << " must be f32 or !quant.uniform, got " << type;
    if (failed(
            verifyQuantInfo([&] { return emitOpError(); }, name, *info, {8})))
      return failure();
    if (info->isPerAxis())
      return emitOpError() << "the " << name
                           << " must be quantized per tensor, got " << type;
  }
  SmallVector<int64_t> counts = getWindowCounts();
  if (!llvm::all_equal(counts))
    return emitOpError("the quantized form needs windows that all count the "
                       "same number of positions (one multiplier), but they "
                       "count from ")
           << *llvm::min_element(counts) << " to " << *llvm::max_element(counts)
           << " (padding not counted, or a ceil_mode overhang)";
  return success();
}
