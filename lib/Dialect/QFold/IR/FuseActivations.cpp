//===- FuseActivations.cpp - relu/clamp into conv2d clamp ranges ----------===//
//
// conv2d/add -> relu/clamp => conv2d/add with a fused clamp range, and
// relu/clamp chains merged into one op. Every range is handled as a real range
// and, on quantized types, turned into integers with the one rounding rule of
// qfold/Support/QuantizedClamp.h; since that quantizer is monotone, clamping
// in the real domain and in the integer domain agree.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Dialect/QFold/IR/QuantizedConvBuilder.h"
#include "qfold/Support/QuantizedClamp.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

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

/// The integer range of a quantized conv/add whose result is requantized
/// from its own type into `target`. The op's range, including the saturation
/// of its own type, is a real clamp that the requantized program keeps.
template <typename ProducerOp>
IntRange producerRangeIn(ProducerOp producer, const QuantInfo &target) {
  std::optional<QuantInfo> own = getQuantInfo(producer.getType());
  IntRange range{producer.getQuantClampMin(), producer.getQuantClampMax()};
  if (own->type == target.type)
    return range;
  return quantizeRange(dequantizeRange(range, own->scale(), own->zeroPoint()),
                       target.scale(), target.zeroPoint(), target.storageMin,
                       target.storageMax);
}

/// The producer rebuilt with a new result type, clamp range and mode.
Conv2DOp rebuildWithClamp(PatternRewriter &rewriter, Location loc,
                          Conv2DOp conv, Type type, Attribute lo, Attribute hi,
                          RequantModeAttr mode) {
  return Conv2DOp::create(rewriter, loc, type, conv.getInput(),
                          conv.getFilter(), conv.getBias(), conv, lo, hi, mode);
}
template <typename BinaryOp>
std::enable_if_t<!std::is_same_v<BinaryOp, Conv2DOp>, BinaryOp>
rebuildWithClamp(PatternRewriter &rewriter, Location loc, BinaryOp op,
                 Type type, Attribute lo, Attribute hi, RequantModeAttr mode) {
  return BinaryOp::create(rewriter, loc, type, op.getLhs(), op.getRhs(), lo, hi,
                          mode);
}

/// conv2d/conv_transpose2d/add/sub/mul/div -> relu/clamp => the producer
/// with the composed clamp range. On
/// the quantized form the producer takes the activation's result type, so
/// its result is requantized straight into the post-activation scale and
/// zero point and the clamp is computed there.
template <typename ProducerOp, typename ActivationOp>
struct FuseActivationIntoProducer : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp act,
                                PatternRewriter &rewriter) const override {
    auto producer = act.getInput().template getDefiningOp<ProducerOp>();
    if (!producer)
      return rewriter.notifyMatchFailure(act, "input is not the producer");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(act, "the producer has other users");

    RealRange actRange = getActivationRange(act);
    Attribute lo, hi;
    if (!producer.isQuantized()) {
      RealRange range = composeClampRanges(
          {producer.getFloatClampMin(), producer.getFloatClampMax()}, actRange);
      lo = getFloatBound(rewriter, range.lo);
      hi = getFloatBound(rewriter, range.hi);
    } else {
      // The verifier guarantees a per-tensor 8-bit result type.
      std::optional<QuantInfo> out = getQuantInfo(act.getType());
      IntRange range = composeClampRanges(
          producerRangeIn(producer, *out),
          quantizeRange(actRange, out->scale(), out->zeroPoint(),
                        out->storageMin, out->storageMax));
      lo = getClampBoundAttr(rewriter, range.lo, out->storageMin);
      hi = getClampBoundAttr(rewriter, range.hi, out->storageMax);
    }

    // One requantization is left, into the activation's type: it follows
    // the activation's requant_mode when that has one.
    RequantModeAttr mode = act.getRequantModeAttr()
                               ? act.getRequantModeAttr()
                               : producer.getRequantModeAttr();
    // A div has one quantized arithmetic (f32, as ONNX): it keeps its own.
    if constexpr (std::is_same_v<ProducerOp, DivOp>)
      mode = producer.getRequantModeAttr();
    auto fused = rebuildWithClamp(
        rewriter, rewriter.getFusedLoc({producer.getLoc(), act.getLoc()}),
        producer, act.getType(), lo, hi, mode);
    rewriter.replaceOp(act, fused.getResult());
    rewriter.eraseOp(producer);
    return success();
  }
};

/// conv_transpose2d -> relu/clamp => conv_transpose2d with the composed
/// clamp range (float only).
template <typename ActivationOp>
struct FuseActivationIntoConvTranspose : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp act,
                                PatternRewriter &rewriter) const override {
    auto producer = act.getInput().template getDefiningOp<ConvTranspose2DOp>();
    if (!producer || !producer->hasOneUse() ||
        act.getType() != producer.getType())
      return rewriter.notifyMatchFailure(
          act, "not the float conv_transpose2d's only user");
    RealRange range = composeClampRanges(
        {producer.getFloatClampMin(), producer.getFloatClampMax()},
        getActivationRange(act));
    auto fused = ConvTranspose2DOp::create(
        rewriter, rewriter.getFusedLoc({producer.getLoc(), act.getLoc()}),
        producer.getType(), producer.getInput(), producer.getFilter(),
        producer.getBias(), producer, getFloatBound(rewriter, range.lo),
        getFloatBound(rewriter, range.hi));
    rewriter.replaceOp(act, fused.getResult());
    rewriter.eraseOp(producer);
    return success();
  }
};

/// reshape -> relu/clamp => relu/clamp -> reshape. An activation is
/// elementwise, so it commutes with a reshape; moved above it, it meets the
/// producer it can fuse into (a Gemm imported as a 1x1 conv2d between two
/// reshapes, a 1-D conv).
template <typename ActivationOp, typename ReshapeOp>
struct HoistActivationAboveReshape : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp act,
                                PatternRewriter &rewriter) const override {
    auto reshape = act.getInput().template getDefiningOp<ReshapeOp>();
    if (!reshape || !reshape->hasOneUse())
      return rewriter.notifyMatchFailure(act, "input is not a one-use reshape");
    auto sourceType = cast<RankedTensorType>(reshape.getSrc().getType());
    Operation *moved = rewriter.clone(*act);
    moved->setOperand(0, reshape.getSrc());
    moved->getResult(0).setType(
        sourceType.clone(act.getType().getElementType()));
    rewriter.replaceOpWithNewOp<ReshapeOp>(act, act.getType(),
                                           moved->getResult(0),
                                           reshape.getReassociationIndices());
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

template <typename ActivationOp>
void populateHoistActivationPatterns(RewritePatternSet &patterns) {
  patterns
      .add<HoistActivationAboveReshape<ActivationOp, tensor::CollapseShapeOp>,
           HoistActivationAboveReshape<ActivationOp, tensor::ExpandShapeOp>>(
          patterns.getContext());
}

/// `ActivationOp` fused into each op with a clamp range.
template <typename ActivationOp>
void populateFuseIntoProducerPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseActivationIntoProducer<Conv2DOp, ActivationOp>,
               FuseActivationIntoConvTranspose<ActivationOp>,
               FuseActivationIntoProducer<AddOp, ActivationOp>,
               FuseActivationIntoProducer<SubOp, ActivationOp>,
               FuseActivationIntoProducer<MulOp, ActivationOp>,
               FuseActivationIntoProducer<DivOp, ActivationOp>>(
      patterns.getContext());
}

} // namespace

void mlir::qfold::populateFuseActivationPatterns(RewritePatternSet &patterns) {
  populateFuseIntoProducerPatterns<ReluOp>(patterns);
  populateFuseIntoProducerPatterns<ClampOp>(patterns);
  patterns.add<MergeActivationChain<ReluOp>, MergeActivationChain<ClampOp>>(
      patterns.getContext());
  populateHoistActivationPatterns<ReluOp>(patterns);
  populateHoistActivationPatterns<ClampOp>(patterns);
}

void ReluOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  populateFuseIntoProducerPatterns<ReluOp>(patterns);
  patterns.add<MergeActivationChain<ReluOp>>(context);
  populateHoistActivationPatterns<ReluOp>(patterns);
}

void ClampOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                          MLIRContext *context) {
  populateFuseIntoProducerPatterns<ClampOp>(patterns);
  patterns.add<MergeActivationChain<ClampOp>>(context);
  populateHoistActivationPatterns<ClampOp>(patterns);
}

void mlir::qfold::populateHoistActivationsAboveReshapePatterns(
    RewritePatternSet &patterns) {
  populateHoistActivationPatterns<ReluOp>(patterns);
  populateHoistActivationPatterns<ClampOp>(patterns);
}
