//===- FoldChannelAffineIntoConv.cpp - conv2d -> add/mul/div(c) => conv2d -===//
//
// A per-output-channel constant applied after a float convolution folds into
// it, as BatchNorm does:
//  - added (the shift of a Caffe-style "Scale" layer with a bias, or a bias
//    written as a separate Add by an exporter: ONNX Add with a [C, 1, 1] or
//    [1, C, 1, 1] constant; an ONNX Sub of a constant imports as an add of
//    its negation): bias'[o] = bias[o] + c[o];
//  - multiplied (a Scale layer's scale, ONNX Mul): filter'[o] = c[o] *
//    filter[o], bias'[o] = c[o] * bias[o];
//  - divided by (ONNX Div, the conv's result the dividend): filter'[o] =
//    filter[o] / c[o], bias'[o] = bias[o] / c[o].
// Each folded value is computed in double and rounded to f32 once (the
// unfolded program rounds twice). The op's fused clamp becomes the
// convolution's. A clamp already on the conv stops the fold (clamp(conv) * c
// is not an affine map of the conv), as do other users of the conv, a
// non-constant filter or bias, and a zero divisor.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

namespace {

struct FoldChannelShiftIntoConv : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    if (add.isQuantized())
      return rewriter.notifyMatchFailure(add, "the add is quantized");
    for (int side = 0; side < 2; ++side) {
      Value convValue = side == 0 ? add.getLhs() : add.getRhs();
      Value shiftValue = side == 0 ? add.getRhs() : add.getLhs();
      auto conv = convValue.getDefiningOp<Conv2DOp>();
      // The add's result must be the conv's shape (no broadcast of it).
      if (!conv || conv.isQuantized() || !conv->hasOneUse() ||
          conv.getType() != add.getType())
        continue;
      // clamp(conv) + c is not an affine map of conv.
      if (conv.hasFusedClamp())
        continue;
      int64_t channels = conv.getType().getDimSize(1);
      std::optional<std::vector<double>> shift =
          getChannelConstant(shiftValue, channels);
      if (!shift)
        continue;
      std::optional<std::vector<double>> bias =
          getConstantBiasOrZeros(conv.getBias(), channels);
      if (!bias)
        continue;
      SmallVector<float> folded;
      for (int64_t o = 0; o < channels; ++o) {
        float value = static_cast<float>((*bias)[o] + (*shift)[o]);
        if (!std::isfinite(value))
          return rewriter.notifyMatchFailure(add, "the folded bias overflows");
        folded.push_back(value);
      }
      Location loc = rewriter.getFusedLoc({conv.getLoc(), add.getLoc()});
      Value biasValue = createF32Vector(rewriter, loc, folded);
      rewriter.replaceOpWithNewOp<Conv2DOp>(
          add, conv.getType(), conv.getInput(), conv.getFilter(), biasValue,
          conv, add.getClampMinAttr(), add.getClampMaxAttr(),
          conv.getRequantModeAttr());
      rewriter.eraseOp(conv);
      return success();
    }
    return rewriter.notifyMatchFailure(
        add, "not a float conv2d (one user, no clamp) plus a constant "
             "[1, C, 1, 1] with a constant or no bias");
  }
};

/// conv2d -> mul/div by a per-output-channel constant => conv2d with the
/// factor in its filter and bias.
template <typename ScaleOp>
struct FoldChannelScaleIntoConv : OpRewritePattern<ScaleOp> {
  using OpRewritePattern<ScaleOp>::OpRewritePattern;
  static constexpr bool divide = std::is_same_v<ScaleOp, DivOp>;

  LogicalResult matchAndRewrite(ScaleOp op,
                                PatternRewriter &rewriter) const override {
    if (op.isQuantized())
      return rewriter.notifyMatchFailure(op, "the op is quantized");
    // A product commutes; a quotient folds only with the conv as dividend.
    for (int side = 0; side < (divide ? 1 : 2); ++side) {
      Value convValue = side == 0 ? op.getLhs() : op.getRhs();
      Value factorValue = side == 0 ? op.getRhs() : op.getLhs();
      auto conv = convValue.template getDefiningOp<Conv2DOp>();
      if (!conv || conv.isQuantized() || !conv->hasOneUse() ||
          conv.getType() != op.getType() || conv.hasFusedClamp())
        continue;
      int64_t channels = conv.getType().getDimSize(1);
      std::optional<std::vector<double>> factor =
          getChannelConstant(factorValue, channels);
      std::optional<std::vector<double>> filter =
          getConstantValues(conv.getFilter());
      if (!factor || !filter)
        continue;
      std::optional<std::vector<double>> bias =
          getConstantBiasOrZeros(conv.getBias(), channels);
      if (!bias)
        continue;
      if (divide && llvm::is_contained(*factor, 0.0))
        return rewriter.notifyMatchFailure(op, "a divisor is zero");
      auto apply = [&](double value, int64_t o) {
        return static_cast<float>(divide ? value / (*factor)[o]
                                         : value * (*factor)[o]);
      };
      int64_t perChannel = filter->size() / channels;
      SmallVector<float> newFilter(filter->size()), newBias(channels);
      for (int64_t o = 0; o < channels; ++o) {
        for (int64_t i = o * perChannel; i < (o + 1) * perChannel; ++i)
          newFilter[i] = apply((*filter)[i], o);
        newBias[o] = apply((*bias)[o], o);
      }
      if (!llvm::all_of(newFilter, [](float v) { return std::isfinite(v); }) ||
          !llvm::all_of(newBias, [](float v) { return std::isfinite(v); }))
        return rewriter.notifyMatchFailure(op, "a folded value overflows");
      Location loc = rewriter.getFusedLoc({conv.getLoc(), op.getLoc()});
      auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
      Value filterValue =
          createF32Constant(rewriter, loc, filterType, newFilter);
      Value biasValue = createF32Vector(rewriter, loc, newBias);
      rewriter.template replaceOpWithNewOp<Conv2DOp>(
          op, conv.getType(), conv.getInput(), filterValue, biasValue, conv,
          op.getClampMinAttr(), op.getClampMaxAttr(),
          conv.getRequantModeAttr());
      rewriter.eraseOp(conv);
      return success();
    }
    return rewriter.notifyMatchFailure(
        op, "not a float conv2d (one user, no clamp, constant filter and "
            "bias) scaled by a constant [1, C, 1, 1]");
  }
};

} // namespace

void mlir::qfold::populateFoldChannelAffinePatterns(
    RewritePatternSet &patterns) {
  patterns.add<FoldChannelShiftIntoConv, FoldChannelScaleIntoConv<MulOp>,
               FoldChannelScaleIntoConv<DivOp>>(patterns.getContext());
}

// Each op folds into the conv before it or, failing that (a lower benefit),
// into the conv after it (FoldInputAffineIntoConv.cpp).
void AddOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<FoldChannelShiftIntoConv>(context);
  populateFoldIntoNextConvPattern<AddOp>(patterns);
}

void SubOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *) {
  populateFoldIntoNextConvPattern<SubOp>(patterns);
}

void MulOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<FoldChannelScaleIntoConv<MulOp>>(context);
  populateFoldIntoNextConvPattern<MulOp>(patterns);
}

void DivOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<FoldChannelScaleIntoConv<DivOp>>(context);
  populateFoldIntoNextConvPattern<DivOp>(patterns);
}
