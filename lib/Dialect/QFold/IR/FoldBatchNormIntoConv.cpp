//===- FoldBatchNormIntoConv.cpp - conv2d -> batch_norm => conv2d ---------===//
//
// Folds an inference BatchNorm into the float convolution that feeds it:
//   filter'[o] = s[o] * filter[o],  bias'[o] = s[o] * (bias[o] - mean[o]) +
//   beta[o]
// with s = gamma / sqrt(variance + epsilon). The arithmetic lives in
// qfold/Support/BatchNormFolding.h.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Support/BatchNormFolding.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// The f32 values of a dense constant, or std::nullopt.
std::optional<std::vector<float>> getConstantF32(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return std::nullopt;
  auto values = attr.getValues<float>();
  return std::vector<float>(values.begin(), values.end());
}

Value createF32Constant(PatternRewriter &rewriter, Location loc,
                        RankedTensorType type, ArrayRef<float> values) {
  return arith::ConstantOp::create(rewriter, loc,
                                   DenseElementsAttr::get(type, values));
}

struct FoldBatchNormIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(bn, "input is not a qfold.conv2d");
    if (conv.isQuantized())
      return rewriter.notifyMatchFailure(bn, "the conv is quantized");
    if (!conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "the conv has other users");
    // clamp(conv) followed by an affine map is not an affine map of conv.
    if (conv.hasFusedClamp())
      return rewriter.notifyMatchFailure(bn, "the conv has a fused clamp");

    // Constant statistics that would give inf/NaN weights are rejected by
    // the verifier; never fold them, even if a pass produced them.
    std::optional<BatchNormParams> params = getConstantBatchNormParams(bn);
    if (params && validateBatchNormParams(*params))
      return rewriter.notifyMatchFailure(bn, "invalid constant statistics");

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    auto [filter, bias] = foldConstants(params, conv, rewriter, loc);
    if (!filter)
      std::tie(filter, bias) = emitFoldArithmetic(bn, conv, rewriter, loc);

    auto folded = Conv2DOp::create(
        rewriter, loc, conv.getType(), conv.getInput(), filter, bias,
        conv.getStridesAttr(), conv.getDilationsAttr(), conv.getPadsAttr(),
        conv.getGroupsAttr(), /*clamp_min=*/nullptr, /*clamp_max=*/nullptr,
        conv.getRequantModeAttr());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }

private:
  /// All of filter, bias and statistics constant: new constants computed in
  /// double and rounded once. The old constants are left alone (other ops
  /// may use them; dead ones are removed by the driver).
  static std::pair<Value, Value>
  foldConstants(const std::optional<BatchNormParams> &params, Conv2DOp conv,
                PatternRewriter &rewriter, Location loc) {
    if (!params)
      return {};
    std::optional<std::vector<float>> filter = getConstantF32(conv.getFilter());
    if (!filter)
      return {};
    std::vector<float> bias;
    if (conv.getBias()) {
      std::optional<std::vector<float>> constBias =
          getConstantF32(conv.getBias());
      if (!constBias)
        return {};
      bias = std::move(*constBias);
    }
    FoldedConvParams folded = foldBatchNormIntoConv(*filter, bias, *params);
    auto biasType = RankedTensorType::get(
        {static_cast<int64_t>(folded.bias.size())}, rewriter.getF32Type());
    return {createF32Constant(rewriter, loc, conv.getFilter().getType(),
                              folded.filter),
            createF32Constant(rewriter, loc, biasType, folded.bias)};
  }

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

void mlir::qfold::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoConv>(patterns.getContext());
}

void BatchNormOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *) {
  populateFoldBatchNormPatterns(patterns);
}
