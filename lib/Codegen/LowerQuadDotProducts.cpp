//===- LowerQuadDotProducts.cpp - channel quads to qfold.quad_dot ---------===//
//
// Integer convolution steps over four input channels become qfold.quad_dot
// (vpdpbusd on VNNI targets): four multiply-adds per i32 lane and
// instruction, twice the i16 pairs of vpmaddwd/vpdpwssd, on the i8 operands
// as they are (no widening of the input).
//
//===----------------------------------------------------------------------===//

#include "QuadSteps.h"

#include "qfold/Codegen/Passes.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_LOWERQUADDOTPRODUCTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// A step on its own: vpdpbusd's first operand is unsigned, so each step
/// computes sum (x + 128) * w and subtracts 128 * sum w, one quad_dot of 0x80
/// bytes per filter vector shared by every column. (Steps inside reduction
/// nests are lowered by hoistQuadCorrections first, without the
/// per-step subtraction.)
struct ContractQuadsToQuadDot : OpRewritePattern<vector::ContractionOp> {
  ContractQuadsToQuadDot(MLIRContext *ctx, int64_t targetLanes)
      : OpRewritePattern(ctx), targetLanes(targetLanes) {}

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<ChannelGroupStep> step = matchQuadStep(op, targetLanes, rewriter);
    if (failed(step))
      return failure();
    int64_t lanes = step->lanes;
    Location loc = op.getLoc();
    SmallVector<Value> filterQuads = getFilterGroups(
        rewriter, loc, step->filter, /*group=*/4, step->channels, lanes);
    Value zero = splatConstant(rewriter, loc, getLaneType(rewriter, lanes), 0);
    SmallVector<Value> corrections;
    for (Value quads : filterQuads)
      corrections.push_back(addCorrection(rewriter, loc, zero, quads, lanes));
    rewriter.replaceOp(
        op, emitQuadDots(rewriter, op, *step, lanes, filterQuads, corrections));
    return success();
  }

  /// The target's i32 lanes per quad_dot (a step of 8 channels on a target
  /// of 16 takes ymm).
  int64_t targetLanes;
};

/// quad_dot(x - c, a, b) => quad_dot(x, a, b) - c: exact in wrapping i32
/// (quad_dot adds to its accumulator), and it moves each step's correction
/// after the dot products of the next kernel columns, where
/// MergeCorrections adds the corrections up.
struct SinkCorrectionThroughQuadDot : OpRewritePattern<QuadDotOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuadDotOp op,
                                PatternRewriter &rewriter) const override {
    // x - c may have other users (the accumulator rows of the step, which
    // die once the next steps read the dot products directly): it stays
    // for them.
    auto sub = op.getAcc().getDefiningOp<arith::SubIOp>();
    if (!sub)
      return rewriter.notifyMatchFailure(op, "accumulator is not x - c");
    Value dot = QuadDotOp::create(rewriter, op.getLoc(), op.getType(),
                                  sub.getLhs(), op.getLhs(), op.getRhs());
    rewriter.replaceOpWithNewOp<arith::SubIOp>(op, dot, sub.getRhs());
    return success();
  }
};

/// (y - c0) - c1 => y - (c0 + c1) when c0 and c1 are quad_dot corrections:
/// the sum is computed once per filter vector, for every column, and each
/// accumulator subtracts one vector per step instead of one per kernel
/// column.
struct MergeCorrections : OpRewritePattern<arith::SubIOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::SubIOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getLhs().getDefiningOp<arith::SubIOp>();
    auto isCorrection = [](Value v) {
      return v.getDefiningOp<QuadDotOp>() || v.getDefiningOp<arith::AddIOp>();
    };
    if (!inner || !isCorrection(inner.getRhs()) || !isCorrection(op.getRhs()))
      return rewriter.notifyMatchFailure(op, "not a chain of corrections");
    Value sum = arith::AddIOp::create(rewriter, op.getLoc(), inner.getRhs(),
                                      op.getRhs());
    rewriter.replaceOpWithNewOp<arith::SubIOp>(op, inner.getLhs(), sum);
    return success();
  }
};

struct LowerQuadDotProductsPass
    : qfold::impl::LowerQuadDotProductsBase<LowerQuadDotProductsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (lanes != 8 && lanes != 16) {
      emitError(getOperation().getLoc())
          << "lanes must be 8 (ymm) or 16 (zmm), got "
          << static_cast<int64_t>(lanes);
      return signalPassFailure();
    }
    lowerQuadChainsInLoops(getOperation(), lanes);
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ContractQuadsToQuadDot>(ctx, lanes);
    // The accumulator rows the steps extract and insert fold away, so that
    // each step's dot products read the previous step's directly.
    patterns.add<SinkCorrectionThroughQuadDot, MergeCorrections>(ctx);
    vector::ExtractOp::getCanonicalizationPatterns(patterns, ctx);
    vector::ExtractStridedSliceOp::getCanonicalizationPatterns(patterns, ctx);
    vector::InsertOp::getCanonicalizationPatterns(patterns, ctx);
    vector::InsertStridedSliceOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError(
          "qfold-lower-quad-dot-products: rewrite patterns did not converge");
      signalPassFailure();
    }
  }
};

} // namespace
