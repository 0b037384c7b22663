//===- FoldBatchNormIntoConvTranspose.cpp - conv_transpose2d -> bn --------===//
//
// Folds an inference BatchNorm into the float transposed convolution before
// it. The filter is C x O/groups x KH x KW (input channels first), so the
// BatchNorm's per-output-channel factor s[o], o = g * O/groups + j, scales
// filter[c, j] for every input channel c of group g (axis 1 within each
// group: scaling axis 0, as for a conv2d, is the classic mistake):
//   filter'[c, j] = s[g * O/groups + j] * filter[c, j],  c in group g
//   bias'[o]      = s[o] * (bias[o] - mean[o]) + beta[o]
// in double, rounded once. The filter and bias must be constants.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Support/BatchNormFolding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

namespace {

struct FoldBatchNormIntoConvTranspose : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvTranspose2DOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(bn, "not after a conv_transpose2d");
    if (!conv->hasOneUse() || conv.hasFusedClamp())
      return rewriter.notifyMatchFailure(
          bn, "the conv_transpose2d has other users or a fused clamp");
    std::optional<BatchNormParams> params = getConstantBatchNormParams(bn);
    if (!params || validateBatchNormParams(*params))
      return rewriter.notifyMatchFailure(bn, "invalid or run-time statistics");
    std::optional<std::vector<double>> filter =
        getConstantValues(conv.getFilter());
    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    int64_t inChannels = filterType.getDimSize(0);
    int64_t groupOutputs = filterType.getDimSize(1);
    int64_t outChannels = groupOutputs * conv.getGroups();
    int64_t groupInputs = inChannels / conv.getGroups();
    int64_t window = filterType.getDimSize(2) * filterType.getDimSize(3);
    std::optional<std::vector<double>> bias =
        getConstantBiasOrZeros(conv.getBias(), outChannels);
    if (!bias)
      return rewriter.notifyMatchFailure(bn, "the bias is not constant");
    if (!filter)
      return rewriter.notifyMatchFailure(bn, "the filter is not constant");

    ChannelAffine affine = computeBatchNormAffine(*params);
    SmallVector<float> newFilter(filter->size()), newBias(outChannels);
    for (int64_t c = 0; c < inChannels; ++c) {
      int64_t firstOutput = (c / groupInputs) * groupOutputs;
      for (int64_t j = 0; j < groupOutputs; ++j)
        for (int64_t k = 0; k < window; ++k) {
          int64_t i = (c * groupOutputs + j) * window + k;
          newFilter[i] =
              static_cast<float>(affine.scale[firstOutput + j] * (*filter)[i]);
        }
    }
    for (int64_t o = 0; o < outChannels; ++o)
      newBias[o] = static_cast<float>(
          foldBatchNormIntoBias(*params, affine, o, (*bias)[o]));
    auto finite = [](float v) { return std::isfinite(v); };
    if (!llvm::all_of(newFilter, finite) || !llvm::all_of(newBias, finite))
      return rewriter.notifyMatchFailure(bn, "a folded value overflows");

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    Value filterValue = createF32Constant(rewriter, loc, filterType, newFilter);
    Value biasValue = createF32Vector(rewriter, loc, newBias);
    rewriter.replaceOpWithNewOp<ConvTranspose2DOp>(
        bn, conv.getType(), conv.getInput(), filterValue, biasValue, conv,
        /*clampMin=*/nullptr, /*clampMax=*/nullptr);
    rewriter.eraseOp(conv);
    return success();
  }
};

} // namespace

void mlir::qfold::populateFoldBatchNormIntoConvTransposePatterns(
    RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoConvTranspose>(patterns.getContext());
}
