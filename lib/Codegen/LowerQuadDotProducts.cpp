//===- LowerQuadDotProducts.cpp - channel quads to qfold.quad_dot ---------===//
//
// Integer convolution steps over four input channels become qfold.quad_dot
// (vpdpbusd on VNNI targets): four multiply-adds per i32 lane and
// instruction, twice the i16 pairs of vpmaddwd/vpdpwssd, on the i8 operands
// as they are (no widening of the input).
//
//===----------------------------------------------------------------------===//

#include "ChannelGroupContractions.h"

#include "qfold/Codegen/Passes.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_LOWERQUADDOTPRODUCTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// A vectorized conv step over four i8 input channels, or failure.
FailureOr<ChannelGroupStep> matchQuadStep(vector::ContractionOp op,
                                          int64_t lanes,
                                          PatternRewriter &rewriter) {
  FailureOr<ChannelGroupStep> step =
      matchChannelGroupStep(op, /*group=*/4, lanes, rewriter);
  if (failed(step))
    return failure();
  auto isI8 = [](Value v) {
    return cast<VectorType>(v.getType()).getElementType().isInteger(8);
  };
  if (!isI8(step->input) || !isI8(step->filter))
    return rewriter.notifyMatchFailure(op, "operands are not i8");
  return step;
}

Value splatConstant(PatternRewriter &rewriter, Location loc, VectorType type,
                    int64_t value) {
  return arith::ConstantOp::create(
      rewriter, loc,
      DenseElementsAttr::get(
          type, rewriter.getIntegerAttr(type.getElementType(), value)));
}

VectorType getLaneType(PatternRewriter &rewriter, int64_t lanes) {
  return VectorType::get({lanes}, rewriter.getI32Type());
}

/// `acc` + 128 * sum w over each lane's quad: what reading the signed input
/// bytes x as x ^ 0x80 = x + 128 adds to a step's dot products.
Value addCorrection(PatternRewriter &rewriter, Location loc, Value acc,
                    Value filterQuads, int64_t lanes) {
  Value bias = splatConstant(
      rewriter, loc, VectorType::get({4 * lanes}, rewriter.getI8Type()), -128);
  return QuadDotOp::create(rewriter, loc, getLaneType(rewriter, lanes), acc,
                           bias, filterQuads);
}

/// The step `op` as quad_dots of each column's bytes made unsigned
/// (x ^ 0x80) with each block of lanes' filter quads, minus
/// `corrections[block]` when corrections are given (when they are not, the
/// result exceeds the step's by 128 * sum w per block: the caller subtracts
/// that elsewhere).
Value emitQuadDots(PatternRewriter &rewriter, vector::ContractionOp op,
                   const ChannelGroupStep &step, int64_t lanes,
                   ArrayRef<Value> filterQuads, ArrayRef<Value> corrections) {
  Location loc = op.getLoc();
  VectorType laneType = getLaneType(rewriter, lanes);
  auto bytesType = VectorType::get({4 * lanes}, rewriter.getI8Type());
  Value signBits = splatConstant(rewriter, loc, laneType, int32_t(0x80808080));
  return updateAccumulators(
      rewriter, loc, op.getAcc(), step, lanes,
      [&](int64_t b, int64_t col) -> Value {
        return vector::BitCastOp::create(
            rewriter, loc, bytesType,
            arith::XOrIOp::create(
                rewriter, loc,
                broadcastInputGroup(rewriter, loc, step.input, b, col, lanes),
                signBits));
      },
      [&](Value acc, Value unsignedInput, int64_t block) -> Value {
        Value dot = QuadDotOp::create(rewriter, loc, laneType, acc,
                                      unsignedInput, filterQuads[block]);
        if (corrections.empty())
          return dot;
        return arith::SubIOp::create(rewriter, loc, dot, corrections[block]);
      });
}

/// A step on its own: vpdpbusd's first operand is unsigned, so each step
/// computes sum (x + 128) * w and subtracts 128 * sum w, one quad_dot of 0x80
/// bytes per filter vector shared by every column. (Steps inside reduction
/// nests are lowered by hoistQuadCorrections first, without the
/// per-step subtraction.)
struct ContractQuadsToQuadDot : OpRewritePattern<vector::ContractionOp> {
  ContractQuadsToQuadDot(MLIRContext *ctx, int64_t lanes)
      : OpRewritePattern(ctx), lanes(lanes) {}

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<ChannelGroupStep> step = matchQuadStep(op, lanes, rewriter);
    if (failed(step))
      return failure();
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

  /// i32 lanes per quad_dot.
  int64_t lanes;
};

/// The quad steps through which `from`, a loop's region argument, reaches
/// that loop's yield as operand `index`: each step the previous one's (or
/// `from`'s) only user, as its accumulator. Empty when the value goes
/// anywhere else.
SmallVector<std::pair<vector::ContractionOp, ChannelGroupStep>>
getQuadChain(Value from, scf::YieldOp yield, unsigned index, int64_t lanes,
             PatternRewriter &rewriter) {
  SmallVector<std::pair<vector::ContractionOp, ChannelGroupStep>> chain;
  Value value = from;
  while (value.hasOneUse()) {
    OpOperand &use = *value.getUses().begin();
    if (use.getOwner() == yield.getOperation())
      return use.getOperandNumber() == index ? chain : decltype(chain){};
    auto contract = dyn_cast<vector::ContractionOp>(use.getOwner());
    if (!contract || &use != &contract.getAccMutable())
      break;
    FailureOr<ChannelGroupStep> step = matchQuadStep(contract, lanes, rewriter);
    if (failed(step) ||
        (!chain.empty() && step->channels != chain.front().second.channels))
      break;
    chain.push_back({contract, *step});
    value = contract.getResult();
  }
  return {};
}

/// Rewrites the reduction nest around one chain of quad steps so that no
/// step subtracts its correction: the steps add sum (x + 128) * w to the
/// accumulators, one more accumulator per block of lanes (threaded through
/// every loop of the nest, from zero) adds up the 128 * sum w of each step,
/// and the nest's result subtracts it once. Each step then costs its dot
/// products and one quad_dot per block for the correction, instead of one
/// subtraction per accumulator on top (a 3x3 step of 8 columns x 32
/// channels: 48 vpdpbusd, 6 corrections and 16 vpsubd, and the register
/// copies the subtractions made LLVM insert). Exact in wrapping i32.
/// `nest` holds the loops from the innermost (whose body holds `chain`)
/// outwards, each with the index of the accumulator it carries.
void hoistQuadCorrections(
    PatternRewriter &rewriter, ArrayRef<std::pair<scf::ForOp, unsigned>> nest,
    ArrayRef<std::pair<vector::ContractionOp, ChannelGroupStep>> chain,
    int64_t lanes) {
  int64_t blocks = chain.front().second.channels / lanes;
  VectorType laneType = getLaneType(rewriter, lanes);
  scf::ForOp outermost = nest.back().first;
  rewriter.setInsertionPoint(outermost);
  Value zero = splatConstant(rewriter, outermost.getLoc(), laneType, 0);
  SmallVector<Value> zeros(blocks, zero);

  // Innermost first: the correction accumulators start at zero in each loop
  // (the outer loops' region arguments replace that below) and each loop
  // yields what it carries, the inner loop's results in the outer ones.
  SmallVector<scf::ForOp> loops;
  SmallVector<Value> inner;
  for (auto [loop, index] : nest) {
    auto grown = cast<scf::ForOp>(*loop.replaceWithAdditionalYields(
        rewriter, zeros, /*replaceInitOperandUsesInLoop=*/false,
        [&](OpBuilder &, Location, ArrayRef<BlockArgument> args) {
          if (inner.empty())
            return SmallVector<Value>(args.begin(), args.end());
          return inner;
        }));
    if (!loops.empty()) {
      // The inner loop starts from this loop's carried corrections.
      scf::ForOp innerLoop = loops.back();
      unsigned first = innerLoop.getNumRegionIterArgs() - blocks;
      for (int64_t b = 0; b < blocks; ++b)
        innerLoop.getInitArgsMutable()[first + b].assign(
            grown.getRegionIterArgs()[grown.getNumRegionIterArgs() - blocks +
                                      b]);
    }
    loops.push_back(grown);
    ResultRange results = grown.getResults();
    inner.assign(results.begin() + (results.size() - blocks), results.end());
  }

  // The steps, without their subtractions, and the corrections they add.
  scf::ForOp innermost = loops.front();
  SmallVector<Value> carried(innermost.getRegionIterArgs().end() - blocks,
                             innermost.getRegionIterArgs().end());
  for (auto [contract, step] : chain) {
    rewriter.setInsertionPoint(contract);
    SmallVector<Value> filterQuads =
        getFilterGroups(rewriter, contract.getLoc(), step.filter,
                        /*group=*/4, step.channels, lanes);
    for (int64_t b = 0; b < blocks; ++b)
      carried[b] = addCorrection(rewriter, contract.getLoc(), carried[b],
                                 filterQuads[b], lanes);
    rewriter.replaceOp(contract, emitQuadDots(rewriter, contract, step, lanes,
                                              filterQuads, /*corrections=*/{}));
  }
  auto yield = cast<scf::YieldOp>(innermost.getBody()->getTerminator());
  unsigned first = yield.getNumOperands() - blocks;
  for (int64_t b = 0; b < blocks; ++b)
    yield->setOperand(first + b, carried[b]);

  // After the nest: the accumulators minus the corrections, per column.
  scf::ForOp grownOutermost = loops.back();
  Value result = grownOutermost.getResult(nest.back().second);
  Location loc = grownOutermost.getLoc();
  rewriter.setInsertionPointAfter(grownOutermost);
  int64_t channels = chain.front().second.channels;
  Value total = splatConstant(
      rewriter, loc, VectorType::get({channels}, rewriter.getI32Type()), 0);
  for (int64_t b = 0; b < blocks; ++b)
    total = vector::InsertStridedSliceOp::create(rewriter, loc, inner[b], total,
                                                 ArrayRef<int64_t>{b * lanes},
                                                 ArrayRef<int64_t>{1});
  Value perColumn =
      vector::BroadcastOp::create(rewriter, loc, result.getType(), total);
  Value corrected = arith::SubIOp::create(rewriter, loc, result, perColumn);
  rewriter.replaceAllUsesExcept(result, corrected, corrected.getDefiningOp());
}

/// Finds each loop whose accumulator goes through quad steps only, and the
/// loops around it that pass that accumulator in and out unchanged (kernel
/// rows around input channels), and hoists the steps' corrections out of
/// that nest.
void lowerQuadChainsInLoops(func::FuncOp func, int64_t lanes) {
  PatternRewriter rewriter(func.getContext());
  // Innermost loops first; a nest's loops are replaced by the rewrite (and
  // skipped when the walk reaches them).
  SmallVector<scf::ForOp> loops;
  func.walk([&](scf::ForOp loop) { loops.push_back(loop); });
  llvm::SmallPtrSet<Operation *, 8> replaced;
  for (scf::ForOp loop : loops) {
    if (replaced.contains(loop.getOperation()))
      continue;
    auto yield = cast<scf::YieldOp>(loop.getBody()->getTerminator());
    for (auto [index, arg] : llvm::enumerate(loop.getRegionIterArgs())) {
      auto chain = getQuadChain(arg, yield, index, lanes, rewriter);
      if (chain.empty())
        continue;
      SmallVector<std::pair<scf::ForOp, unsigned>> nest = {{loop, index}};
      while (true) {
        auto [current, i] = nest.back();
        auto parent = dyn_cast<scf::ForOp>(current->getParentOp());
        if (!parent)
          break;
        auto init = dyn_cast<BlockArgument>(current.getInitArgs()[i]);
        Value result = current.getResult(i);
        if (!init || init.getOwner() != parent.getBody() ||
            init.getArgNumber() == 0 || !init.hasOneUse() ||
            !result.hasOneUse())
          break;
        unsigned parentIndex = init.getArgNumber() - 1;
        OpOperand &use = *result.getUses().begin();
        if (!isa<scf::YieldOp>(use.getOwner()) ||
            use.getOwner()->getParentOp() != parent.getOperation() ||
            use.getOperandNumber() != parentIndex)
          break;
        nest.push_back({parent, parentIndex});
      }
      for (auto [nestLoop, nestIndex] : nest)
        replaced.insert(nestLoop.getOperation());
      hoistQuadCorrections(rewriter, nest, chain, lanes);
      // The loop was replaced; its other accumulators keep the per-step
      // lowering.
      break;
    }
  }
}

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
