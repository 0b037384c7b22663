//===- FoldBatchNormIntoConv.cpp - conv2d -> batch_norm => conv2d ---------===//
//
// Folds an inference BatchNorm into the float convolution that feeds it:
//   filter'[o] = s[o] * filter[o],  bias'[o] = s[o] * (bias[o] - mean[o]) +
//   beta[o]
// with s = gamma / sqrt(variance + epsilon). The arithmetic lives in
// qfold/Support/BatchNormFolding.h.
//
// A filter that goes through a fake quantization (dcast of constant quantized
// weights, as quantization-aware training exports them) takes the BatchNorm
// before that fake quantization: s moves into the per-channel scale, so the
// integers stay those training saw and the graph keeps its quantized weights.
//
// A reshape between the conv and the BatchNorm that keeps the batch and
// channel dimensions (a Gemm imported as a 1x1 conv, [N, M, 1, 1] -> [N, M],
// with a BatchNorm1d after it; a 1-D conv, [N, O, 1, L] -> [N, O, L]) is
// moved below the BatchNorm first, so that it folds.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Support/BatchNormFolding.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// Replaces `bn` and `conv` by the conv with `filter` and `bias` in place of
/// its own.
void replaceWithFoldedConv(BatchNormOp bn, Conv2DOp conv, Value filter,
                           Value bias, Location loc,
                           PatternRewriter &rewriter) {
  auto folded = Conv2DOp::create(
      rewriter, loc, conv.getType(), conv.getInput(), filter, bias, conv,
      /*clampMin=*/nullptr, /*clampMax=*/nullptr, conv.getRequantModeAttr());
  rewriter.replaceOp(bn, folded.getResult());
  rewriter.eraseOp(conv);
}

/// conv2d(x, dcast(W_q)) -> batch_norm, W_q constant (an scast of integers
/// or a qcast of f32 constants), everything else constant too:
///   conv2d(x, dcast(W_q'), bias')
/// with W_q' per output channel at scale |s[o]| * scale[o], its integers
/// unchanged (s > 0), mirrored around the zero point (s < 0) or set to it
/// (s = 0). dcast(W_q') = s * dcast(W_q) in real numbers, so this is exact;
/// where it cannot be (a mirrored weight leaves the storage range), the
/// plain fold below computes s * dcast(W_q) in float instead.
struct FoldBatchNormIntoFakeQuantizedFilter : OpRewritePattern<BatchNormOp> {
  FoldBatchNormIntoFakeQuantizedFilter(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<BatchNormFoldPlan> plan = planBatchNormFold(bn, why);
    if (failed(plan))
      return rewriter.notifyMatchFailure(bn, why);
    Conv2DOp conv = plan->conv;
    if (!plan->params)
      return rewriter.notifyMatchFailure(bn, "non-constant statistics");
    const BatchNormParams &params = *plan->params;
    auto dcast = conv.getFilter().getDefiningOp<quant::DequantizeCastOp>();
    if (!dcast)
      return rewriter.notifyMatchFailure(bn, "the filter is not dequantized");
    Value quantized = dcast.getInput();
    std::optional<QuantInfo> info = getQuantInfo(quantized.getType());
    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    int64_t outChannels = filterType.getDimSize(0);
    std::optional<std::vector<QuantizedChannel>> channels =
        info ? getConstantQuantizedFilter(quantized, *info, outChannels)
             : std::nullopt;
    if (!channels)
      return rewriter.notifyMatchFailure(
          bn, "the filter is not a constant quantized per tensor or per "
              "output channel");
    std::vector<double> bias(outChannels, 0.0);
    if (Value b = conv.getBias()) {
      std::optional<std::vector<double>> constant = getConstantValues(b);
      if (!constant || !getElementTypeOrSelf(b).isF32())
        return rewriter.notifyMatchFailure(bn, "the bias is not constant");
      bias = *constant;
    }

    ChannelAffine affine = computeBatchNormAffine(params);
    std::vector<float> foldedBias;
    for (int64_t o = 0; o < outChannels; ++o) {
      std::optional<QuantizedChannel> scaled = scaleQuantizedChannelExactly(
          (*channels)[o], affine.scale[o], info->storageMin, info->storageMax);
      if (!scaled)
        return rewriter.notifyMatchFailure(
            bn, "a channel cannot take the BatchNorm factor exactly");
      (*channels)[o] = std::move(*scaled);
      foldedBias.push_back(static_cast<float>(
          foldBatchNormIntoBias(params, affine, o, bias[o])));
    }

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    Value filter = quant::DequantizeCastOp::create(
        rewriter, loc, filterType,
        createPerChannelFilter(rewriter, loc, filterType.getShape(),
                               QuantStorage::of(*info), *channels));
    Value biasValue = createF32Constant(
        rewriter, loc,
        RankedTensorType::get({outChannels}, rewriter.getF32Type()),
        foldedBias);
    replaceWithFoldedConv(bn, conv, filter, biasValue, loc, rewriter);
    return success();
  }
};

struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<BatchNormFoldPlan> plan = planBatchNormFold(bn, why);
    if (failed(plan))
      return rewriter.notifyMatchFailure(bn, why);
    Conv2DOp conv = plan->conv;

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    Value filter, bias;
    if (plan->constants) {
      // New constants computed in double and rounded once. The old ones are
      // left alone (other ops may use them; dead ones are removed by the
      // driver).
      auto biasType = RankedTensorType::get(
          {static_cast<int64_t>(plan->constants->bias.size())},
          rewriter.getF32Type());
      filter = createF32Constant(rewriter, loc, conv.getFilter().getType(),
                                 plan->constants->filter);
      bias = createF32Constant(rewriter, loc, biasType, plan->constants->bias);
    } else {
      std::tie(filter, bias) = emitFoldArithmetic(bn, conv, rewriter, loc);
    }
    replaceWithFoldedConv(bn, conv, filter, bias, loc, rewriter);
    return success();
  }

private:
  /// Some operand is not a constant (weights passed as arguments, QAT
  /// graphs): emit the same formulas as f32 tensor arithmetic, so the
  /// BatchNorm still disappears and later constant folding can finish it.
  static std::pair<Value, Value> emitFoldArithmetic(BatchNormOp bn,
                                                    Conv2DOp conv,
                                                    PatternRewriter &rewriter,
                                                    Location loc) {
    auto paramType = cast<RankedTensorType>(bn.getScale().getType());
    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    Value epsilon =
        createF32Constant(rewriter, loc, paramType,
                          SmallVector<float>(paramType.getNumElements(),
                                             bn.getEpsilon().convertToFloat()));
    Value varianceEps =
        arith::AddFOp::create(rewriter, loc, bn.getVariance(), epsilon);
    Value stddev = math::SqrtOp::create(rewriter, loc, varianceEps);
    Value scale = arith::DivFOp::create(rewriter, loc, bn.getScale(), stddev);

    Value empty = tensor::EmptyOp::create(rewriter, loc, filterType.getShape(),
                                          filterType.getElementType());
    Value broadcastScale =
        linalg::BroadcastOp::create(rewriter, loc, scale, empty,
                                    ArrayRef<int64_t>{1, 2, 3})
            ->getResult(0);
    Value filter =
        arith::MulFOp::create(rewriter, loc, conv.getFilter(), broadcastScale);

    Value centered =
        conv.getBias()
            ? Value(arith::SubFOp::create(rewriter, loc, conv.getBias(),
                                          bn.getMean()))
            : Value(arith::NegFOp::create(rewriter, loc, bn.getMean()));
    Value scaled = arith::MulFOp::create(rewriter, loc, scale, centered);
    Value bias = arith::AddFOp::create(rewriter, loc, scaled, bn.getBias());
    return {filter, bias};
  }
};

} // namespace

FailureOr<BatchNormFoldPlan> mlir::qfold::planBatchNormFold(BatchNormOp bn,
                                                            std::string &why) {
  auto fail = [&](const std::string &reason) {
    why = reason;
    return failure();
  };
  BatchNormFoldPlan plan;
  plan.conv = bn.getInput().getDefiningOp<Conv2DOp>();
  if (!plan.conv)
    return fail("the input is not a qfold.conv2d");
  if (plan.conv.isQuantized())
    return fail("the conv2d is quantized");
  if (!plan.conv->hasOneUse())
    return fail("the conv2d has other users");
  // clamp(conv) followed by an affine map is not an affine map of conv.
  if (plan.conv.hasFusedClamp())
    return fail("the conv2d has a fused clamp");
  // Constant statistics that would give inf/NaN weights are rejected by the
  // verifier; never fold them, even if a pass produced them.
  plan.params = getConstantBatchNormParams(bn);
  if (plan.params)
    if (std::optional<std::string> invalid =
            validateBatchNormParams(*plan.params))
      return fail("invalid constant statistics: " + *invalid);
  if (!plan.params)
    return plan;
  std::optional<std::vector<float>> filter =
      getConstantF32Values(plan.conv.getFilter());
  std::optional<std::vector<float>> bias =
      plan.conv.getBias() ? getConstantF32Values(plan.conv.getBias())
                          : std::vector<float>{};
  if (!filter || !bias)
    return plan;
  plan.constants = foldBatchNormIntoConv(*filter, *bias, *plan.params);
  if (std::optional<std::string> unrepresentable =
          validateFoldedConvParams(*plan.constants))
    return fail(*unrepresentable);
  return plan;
}

namespace {

/// conv2d/conv_transpose2d -> reshape -> batch_norm => conv2d/conv_transpose2d
/// -> batch_norm -> reshape, when
/// the reshape has no other user and keeps dimensions 0 (batch) and 1 (the
/// channels BatchNorm normalizes) apart: dimension 1 is grouped only with
/// dimensions of size 1. The BatchNorm's per-channel affine then commutes
/// with it.
template <typename ReshapeOp>
struct HoistBatchNormAboveReshape : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto reshape = bn.getInput().getDefiningOp<ReshapeOp>();
    if (!reshape || !reshape->hasOneUse() ||
        !isa_and_nonnull<Conv2DOp, ConvTranspose2DOp>(
            reshape.getSrc().getDefiningOp()))
      return rewriter.notifyMatchFailure(bn, "not conv -> one-use reshape");
    SmallVector<ReassociationIndices> groups =
        reshape.getReassociationIndices();
    // The higher-rank side, whose dimensions the groups name.
    ArrayRef<int64_t> wide = std::is_same_v<ReshapeOp, tensor::CollapseShapeOp>
                                 ? reshape.getSrcType().getShape()
                                 : reshape.getResultType().getShape();
    if (groups.size() < 2 || groups[0] != ReassociationIndices{0} ||
        groups[1].front() != 1 ||
        llvm::any_of(ArrayRef(groups[1]).drop_front(),
                     [&](int64_t d) { return wide[d] != 1; }))
      return rewriter.notifyMatchFailure(bn, "the reshape moves the channels");
    auto moved = BatchNormOp::create(
        rewriter, bn.getLoc(), reshape.getSrc().getType(), reshape.getSrc(),
        bn.getScale(), bn.getBias(), bn.getMean(), bn.getVariance(),
        bn.getEpsilonAttr());
    rewriter.replaceOpWithNewOp<ReshapeOp>(bn, bn.getType(), moved.getOutput(),
                                           groups);
    return success();
  }
};

} // namespace

void mlir::qfold::populateHoistBatchNormAboveReshapePatterns(
    RewritePatternSet &patterns) {
  patterns.add<HoistBatchNormAboveReshape<tensor::CollapseShapeOp>,
               HoistBatchNormAboveReshape<tensor::ExpandShapeOp>>(
      patterns.getContext());
}

void mlir::qfold::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoConv, FoldBatchNormIntoFakeQuantizedFilter,
               HoistBatchNormAboveReshape<tensor::CollapseShapeOp>,
               HoistBatchNormAboveReshape<tensor::ExpandShapeOp>>(
      patterns.getContext());
}

void BatchNormOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *) {
  populateFoldBatchNormPatterns(patterns);
  populateFoldBatchNormIntoConvTransposePatterns(patterns);
  // Failing a conv before it, into the conv after it (a lower benefit).
  populateFoldIntoNextConvPattern<BatchNormOp>(patterns);
}
