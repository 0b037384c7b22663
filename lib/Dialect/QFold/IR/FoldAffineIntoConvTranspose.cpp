//===- FoldAffineIntoConvTranspose.cpp - conv_transpose2d -> bn/scale -----===//
//
// Folds an inference BatchNorm, or a per-channel add/sub/mul/div constant
// (ChannelAffine.h), into the float transposed convolution before it. The
// filter is C x O/groups x KH x KW (input channels first), so the
// per-output-channel factor s[o], o = g * O/groups + j, scales filter[c, j]
// for every input channel c of group g (axis 1 within each group: scaling
// axis 0, as for a conv2d, is the classic mistake):
//   filter'[c, j] = s[g * O/groups + j] * filter[c, j],  c in group g
//   bias'[o]      = s[o] * bias[o] + shift[o]
// (a BatchNorm's shift is beta - mean * s), in double, rounded once. The
// filter and bias must be constants; the op's fused clamp (an elementwise
// op's) moves to the transposed conv.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/ChannelAffine.h"
#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Support/BatchNormFolding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// Replaces `op`, which applies `scale` and `shift` per channel to `conv`'s
/// result and then clamps to [clampMin, clampMax], by `conv` with them
/// folded in; failure (with a reason) when it cannot.
LogicalResult foldIntoConvTranspose(Operation *op, ConvTranspose2DOp conv,
                                    ArrayRef<double> scale,
                                    ArrayRef<double> shift, FloatAttr clampMin,
                                    FloatAttr clampMax,
                                    PatternRewriter &rewriter) {
  if (!conv->hasOneUse() || conv.hasFusedClamp())
    return rewriter.notifyMatchFailure(
        op, "the conv_transpose2d has other users or a fused clamp");
  if (conv.getType() != op->getResult(0).getType())
    return rewriter.notifyMatchFailure(op, "the op broadcasts the result");
  std::optional<std::vector<double>> filter =
      getConstantValues(conv.getFilter());
  auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
  std::optional<std::vector<double>> bias =
      getConstantBiasOrZeros(conv.getBias(), conv.getType().getDimSize(1));
  if (!bias)
    return rewriter.notifyMatchFailure(op, "the bias is not constant");
  if (!filter)
    return rewriter.notifyMatchFailure(op, "the filter is not constant");

  std::optional<FoldedFilterAndBias> folded =
      foldOutputChannelAffine(*filter, filterType.getShape(), conv.getGroups(),
                              /*transposed=*/true, *bias, scale, shift);
  if (!folded)
    return rewriter.notifyMatchFailure(op, "a folded value overflows");

  Location loc = rewriter.getFusedLoc({conv.getLoc(), op->getLoc()});
  Value filterValue =
      createF32Constant(rewriter, loc, filterType, folded->filter);
  Value biasValue = createF32Vector(rewriter, loc, folded->bias);
  rewriter.replaceOpWithNewOp<ConvTranspose2DOp>(
      op, conv.getType(), conv.getInput(), filterValue, biasValue, conv,
      clampMin, clampMax);
  rewriter.eraseOp(conv);
  return success();
}

struct FoldBatchNormIntoConvTranspose : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvTranspose2DOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(bn, "not after a conv_transpose2d");
    std::optional<BatchNormParams> params = getConstantBatchNormParams(bn);
    if (!params || validateBatchNormParams(*params))
      return rewriter.notifyMatchFailure(bn, "invalid or run-time statistics");
    ChannelAffine affine = computeBatchNormAffine(*params);
    return foldIntoConvTranspose(bn, conv, affine.scale, affine.shift,
                                 /*clampMin=*/nullptr, /*clampMax=*/nullptr,
                                 rewriter);
  }
};

template <typename OpTy>
struct FoldChannelAffineIntoConvTranspose : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    std::optional<ElementwiseChannelAffine> affine =
        getElementwiseChannelAffine(op);
    auto conv = affine
                    ? affine->data.template getDefiningOp<ConvTranspose2DOp>()
                    : ConvTranspose2DOp();
    if (!conv)
      return rewriter.notifyMatchFailure(
          op, "not a conv_transpose2d's result with a per-channel constant");
    return foldIntoConvTranspose(
        op, conv, affine->scale, affine->shift,
        dyn_cast_or_null<FloatAttr>(op.getClampMinAttr()),
        dyn_cast_or_null<FloatAttr>(op.getClampMaxAttr()), rewriter);
  }
};

} // namespace

void mlir::qfold::populateFoldBatchNormIntoConvTransposePatterns(
    RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoConvTranspose>(patterns.getContext());
}

void mlir::qfold::populateFoldChannelAffineIntoConvTransposePatterns(
    RewritePatternSet &patterns) {
  patterns.add<FoldChannelAffineIntoConvTranspose<AddOp>,
               FoldChannelAffineIntoConvTranspose<SubOp>,
               FoldChannelAffineIntoConvTranspose<MulOp>,
               FoldChannelAffineIntoConvTranspose<DivOp>>(
      patterns.getContext());
}

void ConvTranspose2DOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                    MLIRContext *) {
  populateFoldChannelAffineIntoConvTransposePatterns(patterns);
}
