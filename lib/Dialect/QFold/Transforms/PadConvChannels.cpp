//===- PadConvChannels.cpp - the qfold-pad-conv-channels pass -------------===//
//
// The integer convolution kernels reduce input channels in quads (u8 x i8
// dot products of four channels, vpdpbusd) or pairs (vpmaddwd); a regular
// convolution of another channel count (the 3 channels of an image, the
// first layer of every CNN) fell back to widening every product to i32,
// the slowest kernel: a fifth of an int8 ResNet-18. Padding the input
// channels up to a multiple of 4 with weights equal to the filter's zero
// point (w - w_zp = 0, so the extra channels add nothing, whatever the
// input holds there) lets the fast kernels run, for a third more
// multiply-adds on the 3-channel layer.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_QFOLDPADCONVCHANNELS
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

constexpr int64_t kChannelQuad = 4;

struct PadQuantizedConvChannels : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    auto inputType = conv.getInput().getType();
    auto filterType = conv.getFilter().getType();
    int64_t channels = inputType.getDimSize(1);
    if (!conv.isQuantized() || conv.getGroups() != 1 ||
        channels % kChannelQuad == 0)
      return failure();
    std::optional<QuantInfo> x = getQuantInfo(inputType);
    std::optional<QuantInfo> w = getQuantInfo(filterType);
    if (!x || !w || x->isPerAxis() || x->storageWidth != 8 ||
        w->storageWidth != 8 || (w->isPerAxis() && *w->axis != 0))
      return failure();
    auto scast = conv.getFilter().getDefiningOp<quant::StorageCastOp>();
    DenseIntElementsAttr weights;
    if (!scast || !matchPattern(scast.getInput(), m_Constant(&weights)))
      return failure();

    Location loc = conv.getLoc();
    int64_t padded = llvm::alignTo(channels, kChannelQuad);
    Type i8 = rewriter.getI8Type();

    // The input, padded on its storage (the value there does not matter).
    Value storage = quant::StorageCastOp::create(
        rewriter, loc, inputType.clone(i8), conv.getInput());
    SmallVector<int64_t> inputShape(inputType.getShape());
    inputShape[1] = padded;
    SmallVector<OpFoldResult> low(4, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> high(4, rewriter.getIndexAttr(0));
    high[1] = rewriter.getIndexAttr(padded - channels);
    Value zero = arith::ConstantOp::create(
        rewriter, loc, rewriter.getIntegerAttr(i8, x->zeroPoint()));
    Value paddedInput = tensor::PadOp::create(
        rewriter, loc, inputType.clone(inputShape).clone(i8), storage, low,
        high, zero);
    Value input = quant::StorageCastOp::create(
        rewriter, loc, inputType.clone(inputShape), paddedInput);

    // The filter [O, C, KH, KW] -> [O, C', KH, KW], new channels at w_zp.
    SmallVector<int64_t> filterShape(filterType.getShape());
    int64_t outChannels = filterShape[0],
            window = filterShape[2] * filterShape[3];
    filterShape[1] = padded;
    auto values = llvm::to_vector(weights.getValues<APInt>());
    SmallVector<APInt> paddedValues;
    paddedValues.reserve(outChannels * padded * window);
    for (int64_t o = 0; o < outChannels; ++o) {
      APInt zp(8, static_cast<uint64_t>(w->zeroPoint(o)), /*isSigned=*/true);
      for (int64_t c = 0; c < padded; ++c)
        for (int64_t k = 0; k < window; ++k)
          paddedValues.push_back(
              c < channels ? values[(o * channels + c) * window + k] : zp);
    }
    auto storageType =
        RankedTensorType::get(filterShape, weights.getElementType());
    Value filterConstant = arith::ConstantOp::create(
        rewriter, loc, DenseIntElementsAttr::get(storageType, paddedValues));
    Value filter = quant::StorageCastOp::create(
        rewriter, loc, filterType.clone(filterShape), filterConstant);

    rewriter.replaceOpWithNewOp<Conv2DOp>(
        conv, conv.getType(), input, filter, conv.getBias(), conv,
        conv.getClampMinAttr(), conv.getClampMaxAttr(),
        conv.getRequantModeAttr());
    return success();
  }
};

struct QFoldPadConvChannelsPass
    : qfold::impl::QFoldPadConvChannelsBase<QFoldPadConvChannelsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<PadQuantizedConvChannels>(&getContext());
    // No folding: upstream folds quant cast pairs (dcast(qcast(x)) -> x).
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config))) {
      getOperation().emitError(
          "qfold-pad-conv-channels: the rewrite did not converge");
      signalPassFailure();
    }
  }
};

} // namespace
