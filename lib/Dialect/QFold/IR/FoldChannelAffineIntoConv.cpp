//===- FoldChannelAffineIntoConv.cpp - conv2d -> add/sub/mul/div(c) -------===//
//
// A per-output-channel constant applied after a float convolution folds into
// it, as BatchNorm does. The op is the affine map scale[o] * y + shift[o]
// (ChannelAffine.h): an add (a Caffe-style Scale layer's shift, an exporter's
// separate bias; ONNX Sub of a constant imports as an add of its negation),
// a sub (x - c, or c - x: a factor of -1), a mul (a Scale layer's factor),
// a div (x / c: a factor of 1 / c). filter'[o] = scale[o] * filter[o],
// bias'[o] = scale[o] * bias[o] + shift[o] (foldOutputChannelAffine, shared
// with the transposed conv), in double, rounded to f32 once (the unfolded
// program rounds twice); a pure shift keeps the filter, which may then be a
// run-time value. The op's fused clamp becomes the convolution's. A clamp
// already on the conv stops the fold (clamp(conv) * c is not an affine map
// of the conv), as do other users of the conv, a non-constant bias (or
// filter, unless a shift), c / x and a zero divisor.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/ChannelAffine.h"
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

/// conv2d -> add/sub/mul/div by a per-output-channel constant => conv2d
/// with the map in its filter (unless it is a pure shift) and bias.
template <typename OpTy>
struct FoldChannelAffineIntoConv : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    std::optional<ElementwiseChannelAffine> affine =
        getElementwiseChannelAffine(op);
    auto conv =
        affine ? affine->data.template getDefiningOp<Conv2DOp>() : Conv2DOp();
    // The op's result must be the conv's shape (no broadcast of it), and
    // clamp(conv) * s + t is not an affine map of conv.
    if (!conv || conv.isQuantized() || !conv->hasOneUse() ||
        conv.getType() != op.getType() || conv.hasFusedClamp())
      return rewriter.notifyMatchFailure(
          op, "not a float conv2d (one user, no clamp) with a per-channel "
              "constant");
    int64_t channels = conv.getType().getDimSize(1);
    std::optional<std::vector<double>> bias =
        getConstantBiasOrZeros(conv.getBias(), channels);
    if (!bias)
      return rewriter.notifyMatchFailure(op, "the bias is not constant");
    // A pure shift leaves the filter (which may be a run-time value) alone.
    bool shiftOnly =
        llvm::all_of(affine->scale, [](double s) { return s == 1.0; });
    std::optional<std::vector<double>> filter =
        shiftOnly ? std::vector<double>{} : getConstantValues(conv.getFilter());
    if (!filter)
      return rewriter.notifyMatchFailure(op, "the filter is not constant");
    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    std::optional<FoldedFilterAndBias> folded = foldOutputChannelAffine(
        *filter, filterType.getShape(), conv.getGroups(),
        /*transposed=*/false, *bias, affine->scale, affine->shift);
    if (!folded)
      return rewriter.notifyMatchFailure(op, "a folded value overflows");
    Location loc = rewriter.getFusedLoc({conv.getLoc(), op.getLoc()});
    Value filterValue = shiftOnly ? conv.getFilter()
                                  : createF32Constant(rewriter, loc, filterType,
                                                      folded->filter);
    rewriter.template replaceOpWithNewOp<Conv2DOp>(
        op, conv.getType(), conv.getInput(), filterValue,
        createF32Vector(rewriter, loc, folded->bias), conv,
        op.getClampMinAttr(), op.getClampMaxAttr(), conv.getRequantModeAttr());
    rewriter.eraseOp(conv);
    return success();
  }
};

} // namespace

void mlir::qfold::populateFoldChannelAffinePatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<FoldChannelAffineIntoConv<AddOp>, FoldChannelAffineIntoConv<SubOp>,
           FoldChannelAffineIntoConv<MulOp>, FoldChannelAffineIntoConv<DivOp>>(
          patterns.getContext());
}

// Each op folds into the conv before it or, failing that (a lower benefit),
// into the conv after it (FoldInputAffineIntoConv.cpp).
void AddOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<FoldChannelAffineIntoConv<AddOp>>(context);
  populateFoldIntoNextConvPattern<AddOp>(patterns);
}

void SubOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<FoldChannelAffineIntoConv<SubOp>>(context);
  populateFoldIntoNextConvPattern<SubOp>(patterns);
}

void MulOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<FoldChannelAffineIntoConv<MulOp>>(context);
  populateFoldIntoNextConvPattern<MulOp>(patterns);
}

void DivOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *context) {
  patterns.add<FoldChannelAffineIntoConv<DivOp>>(context);
  populateFoldIntoNextConvPattern<DivOp>(patterns);
}
