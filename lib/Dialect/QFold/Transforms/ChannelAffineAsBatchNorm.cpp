//===- ChannelAffineAsBatchNorm.cpp - Q/DQ per-channel scale layers -------===//
//
// In a Q/DQ model, a per-channel affine layer after a conv (Mul, Add, Sub or
// Div by a [C, 1, 1] constant: a Caffe-style Scale layer, an exporter's
// separate bias) sits between the conv and its QuantizeLinear, where Q/DQ
// fusion expects at most a BatchNorm. Written as the BatchNorm it is
// (gamma = factor, beta = shift, mean 0, variance 1, epsilon 0: the factor
// exactly, a divisor's reciprocal rounded once to f32), and a chain of such
// BatchNorms merged into one (in double, rounded once), it folds into the
// integer conv as a BatchNorm does: exactly into the quantized weights'
// scales. Only where the conv's filter is dequantized (a Q/DQ model); float
// programs fold these layers directly (FoldChannelAffineIntoConv.cpp).
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/ChannelAffine.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"
#include "qfold/Support/BatchNormFolding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// True when `value` is computed by a float conv2d with a dequantized
/// filter, one user and no clamp, possibly followed by batch_norms with one
/// user each (the layers already rewritten).
bool isDequantizedConvResult(Value value) {
  while (auto bn = value.getDefiningOp<BatchNormOp>()) {
    if (!bn->hasOneUse())
      return false;
    value = bn.getInput();
  }
  auto conv = value.getDefiningOp<Conv2DOp>();
  return conv && !conv.isQuantized() && conv->hasOneUse() &&
         !conv.hasFusedClamp() &&
         conv.getFilter().getDefiningOp<quant::DequantizeCastOp>();
}

/// A batch_norm of `input` computing scale * x + shift per channel.
Value createAffineBatchNorm(PatternRewriter &rewriter, Location loc,
                            Value input, ArrayRef<double> scale,
                            ArrayRef<double> shift) {
  int64_t channels = scale.size();
  auto constant = [&](auto values) -> Value {
    SmallVector<float> f32(values.begin(), values.end());
    return createF32Vector(rewriter, loc, f32);
  };
  SmallVector<double> zeros(channels, 0.0), ones(channels, 1.0);
  return BatchNormOp::create(rewriter, loc, input.getType(), input,
                             constant(scale), constant(shift), constant(zeros),
                             constant(ones), rewriter.getF32FloatAttr(0.0f))
      .getOutput();
}

template <typename OpTy>
struct ChannelAffineAsBatchNorm : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    std::optional<ElementwiseChannelAffine> affine =
        getElementwiseChannelAffine(op);
    if (!affine || op.getClampMinAttr() || op.getClampMaxAttr() ||
        !isDequantizedConvResult(affine->data) || !affine->data.hasOneUse() ||
        affine->data.getType() != op.getType())
      return rewriter.notifyMatchFailure(
          op, "not a per-channel constant applied to a Q/DQ conv's result");
    rewriter.replaceOp(op, createAffineBatchNorm(rewriter, op.getLoc(),
                                                 affine->data, affine->scale,
                                                 affine->shift));
    return success();
  }
};

/// batch_norm(batch_norm(x)) => one batch_norm (constant statistics), after
/// a Q/DQ conv: a2 * (a1 * x + b1) + b2.
struct MergeBatchNorms : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getInput().getDefiningOp<BatchNormOp>();
    if (!inner || !inner->hasOneUse() ||
        !isDequantizedConvResult(inner.getInput()))
      return rewriter.notifyMatchFailure(outer, "not a Q/DQ conv's bn chain");
    std::optional<BatchNormParams> p1 = getConstantBatchNormParams(inner);
    std::optional<BatchNormParams> p2 = getConstantBatchNormParams(outer);
    if (!p1 || !p2 || validateBatchNormParams(*p1) ||
        validateBatchNormParams(*p2))
      return rewriter.notifyMatchFailure(outer, "invalid statistics");
    ChannelAffine a1 = computeBatchNormAffine(*p1);
    ChannelAffine a2 = computeBatchNormAffine(*p2);
    std::vector<double> scale, shift;
    for (size_t i = 0; i < a1.scale.size(); ++i) {
      scale.push_back(a2.scale[i] * a1.scale[i]);
      shift.push_back(a2.scale[i] * a1.shift[i] + a2.shift[i]);
      if (!std::isfinite(float(scale.back())) ||
          !std::isfinite(float(shift.back())))
        return rewriter.notifyMatchFailure(outer, "the product overflows");
    }
    rewriter.replaceOp(
        outer,
        createAffineBatchNorm(
            rewriter, rewriter.getFusedLoc({inner.getLoc(), outer.getLoc()}),
            inner.getInput(), scale, shift));
    return success();
  }
};

} // namespace

void mlir::qfold::populateChannelAffineAsBatchNormPatterns(
    RewritePatternSet &patterns) {
  patterns.add<ChannelAffineAsBatchNorm<AddOp>, ChannelAffineAsBatchNorm<SubOp>,
               ChannelAffineAsBatchNorm<MulOp>, ChannelAffineAsBatchNorm<DivOp>,
               MergeBatchNorms>(patterns.getContext());
}
