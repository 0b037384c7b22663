//===- FuseActivations.cpp - relu/clamp into conv2d clamp ranges ----------===//
//
// conv2d -> relu/clamp => conv2d with a fused clamp range, and relu/clamp
// chains merged into one op. Every range is handled as a real range and, on
// quantized types, turned into integers with the one rounding rule of
// qfold/Support/QuantizedClamp.h; since that quantizer is monotone, clamping
// in the real domain and in the integer domain agree.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Support/QuantizedClamp.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The real range an activation clamps to.
RealRange getActivationRange(Operation *op) {
  if (auto clamp = dyn_cast<ClampOp>(op))
    return {clamp.getMinValue(), clamp.getMaxValue()};
  assert(isa<ReluOp>(op) && "expected relu or clamp");
  return {0.0, kInf};
}

/// An f32 bound attribute, or null for an infinite bound (absent means
/// unbounded).
FloatAttr getFloatBound(Builder &builder, double value) {
  if (std::isinf(value))
    return nullptr;
  return builder.getF32FloatAttr(static_cast<float>(value));
}

/// An integer bound attribute, or null when it is the storage limit (the
/// default).
IntegerAttr getIntBound(Builder &builder, int64_t value, int64_t limit) {
  if (value == limit)
    return nullptr;
  return builder.getI64IntegerAttr(value);
}

/// The integer range of a quantized conv whose result is requantized from
/// its own type into `target`. The conv's range, including the saturation
/// of its own type, is a real clamp that the requantized program keeps.
IntRange convRangeIn(Conv2DOp conv, const QuantInfo &target) {
  std::optional<QuantInfo> own = getQuantInfo(conv.getType());
  IntRange range{conv.getQuantClampMin(), conv.getQuantClampMax()};
  if (own->type == target.type)
    return range;
  return quantizeRange(dequantizeRange(range, own->scale(), own->zeroPoint()),
                       target.scale(), target.zeroPoint(), target.storageMin,
                       target.storageMax);
}

/// conv2d -> relu/clamp => conv2d with the composed clamp range. On the
/// quantized form the conv takes the activation's result type, so the
/// accumulator is requantized straight into the post-activation scale and
/// zero point and the clamp is computed there.
template <typename ActivationOp>
struct FuseActivationIntoConv : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp act,
                                PatternRewriter &rewriter) const override {
    auto conv = act.getInput().template getDefiningOp<Conv2DOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(act, "input is not a qfold.conv2d");
    if (!conv->hasOneUse())
      return rewriter.notifyMatchFailure(act, "the conv has other users");

    RealRange actRange = getActivationRange(act);
    Attribute lo, hi;
    if (!conv.isQuantized()) {
      RealRange range = composeClampRanges(
          {conv.getFloatClampMin(), conv.getFloatClampMax()}, actRange);
      lo = getFloatBound(rewriter, range.lo);
      hi = getFloatBound(rewriter, range.hi);
    } else {
      // The verifier guarantees a per-tensor 8-bit result type.
      std::optional<QuantInfo> out = getQuantInfo(act.getType());
      IntRange range = composeClampRanges(
          convRangeIn(conv, *out),
          quantizeRange(actRange, out->scale(), out->zeroPoint(),
                        out->storageMin, out->storageMax));
      lo = getIntBound(rewriter, range.lo, out->storageMin);
      hi = getIntBound(rewriter, range.hi, out->storageMax);
    }

    // One requantization is left, into the activation's type: it follows
    // the activation's requant_mode when that has one.
    RequantModeAttr mode = act.getRequantModeAttr() ? act.getRequantModeAttr()
                                                    : conv.getRequantModeAttr();
    auto fused = Conv2DOp::create(
        rewriter, rewriter.getFusedLoc({conv.getLoc(), act.getLoc()}),
        act.getType(), conv.getInput(), conv.getFilter(), conv.getBias(), conv,
        lo, hi, mode);
    rewriter.replaceOp(act, fused.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

/// relu/clamp -> relu/clamp => one relu/clamp with the composed range, when
/// neither requantizes (all types equal). For equal quantized types the
/// composition of the real ranges quantizes to the composition of the
/// integer ranges, because the quantizer is monotone.
template <typename OuterOp>
struct MergeActivationChain : OpRewritePattern<OuterOp> {
  using OpRewritePattern<OuterOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(OuterOp outer,
                                PatternRewriter &rewriter) const override {
    Operation *inner = outer.getInput().getDefiningOp();
    if (!inner || !isa<ReluOp, ClampOp>(inner))
      return rewriter.notifyMatchFailure(outer, "input is not a relu/clamp");
    Value source = inner->getOperand(0);
    if (source.getType() != outer.getType() ||
        outer.getInput().getType() != outer.getType())
      return rewriter.notifyMatchFailure(outer, "a requantizing activation");

    RealRange range = composeClampRanges(getActivationRange(inner),
                                         getActivationRange(outer));
    Location loc = rewriter.getFusedLoc({inner->getLoc(), outer.getLoc()});
    if (range == RealRange{0.0, kInf}) {
      rewriter.replaceOpWithNewOp<ReluOp>(outer, outer.getType(), source,
                                          /*requant_mode=*/nullptr);
      return success();
    }
    auto merged = ClampOp::create(rewriter, loc, outer.getType(), source,
                                  getFloatBound(rewriter, range.lo),
                                  getFloatBound(rewriter, range.hi),
                                  /*requant_mode=*/nullptr);
    rewriter.replaceOp(outer, merged.getResult());
    return success();
  }
};

} // namespace

void mlir::qfold::populateFuseActivationPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseActivationIntoConv<ReluOp>, FuseActivationIntoConv<ClampOp>,
               MergeActivationChain<ReluOp>, MergeActivationChain<ClampOp>>(
      patterns.getContext());
}

void ReluOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<FuseActivationIntoConv<ReluOp>, MergeActivationChain<ReluOp>>(
      context);
}

void ClampOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                          MLIRContext *context) {
  patterns.add<FuseActivationIntoConv<ClampOp>, MergeActivationChain<ClampOp>>(
      context);
}
