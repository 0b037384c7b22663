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

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/RegionUtils.h"

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

/// True when `op` only reads memory no code writes: a constant global's.
bool readsOnlyConstantMemory(Operation *op) {
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return false;
  SmallVector<MemoryEffects::EffectInstance> instances;
  effects.getEffects(instances);
  for (const MemoryEffects::EffectInstance &effect : instances) {
    if (!isa<MemoryEffects::Read>(effect.getEffect()))
      return false;
    Value memory = effect.getValue();
    auto global = memory ? memory.getDefiningOp<memref::GetGlobalOp>()
                         : memref::GetGlobalOp();
    if (!global)
      return false;
    auto symbol = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        global, global.getNameAttr());
    if (!symbol || !symbol.getConstant())
      return false;
  }
  return true;
}

/// Moves the op defining `value` (and, first, the ops defining its operands)
/// out of `loop` when it is defined in `loop`'s body by pure ops that depend
/// on nothing else there. Returns whether `value` is then defined outside.
bool hoistDefinition(Value value, scf::ForOp loop) {
  Operation *def = value.getDefiningOp();
  if (!loop->isAncestor(value.getParentRegion()->getParentOp()))
    return true;
  if (!def || def->getParentOp() != loop.getOperation() || !isPure(def) ||
      def->getNumRegions() != 0)
    return false;
  for (Value operand : def->getOperands())
    if (!hoistDefinition(operand, loop))
      return false;
  def->moveBefore(loop);
  return true;
}

/// Replaces `nest`, inside `loop` and reading its induction variable, by a
/// table: a loop before `loop` over the same iterations runs a clone of
/// `perIteration` (the pure ops of `loop`'s body that compute what `nest`
/// reads from the induction variable) and of `nest` for each and stores its
/// results (vectors) in a stack buffer allocated at the function's entry, and
/// `nest`'s results become reads of that buffer at `loop`'s iteration. Returns
/// the loop filling the table and the reads.
std::pair<scf::ForOp, SmallVector<Value>>
tabulateOverLoop(RewriterBase &rewriter, scf::ForOp nest, scf::ForOp loop,
                 int64_t trips, ArrayRef<Operation *> perIteration) {
  Location loc = nest.getLoc();
  auto resultType = cast<VectorType>(nest.getResult(0).getType());
  int64_t lanes = resultType.getNumElements();
  int64_t count = nest.getNumResults();
  auto func = nest->getParentOfType<FunctionOpInterface>();
  rewriter.setInsertionPointToStart(&func.getFunctionBody().front());
  Value table = memref::AllocaOp::create(
      rewriter, loc,
      MemRefType::get({trips, count, lanes}, resultType.getElementType()));
  Value zeroIndex = arith::ConstantIndexOp::create(rewriter, loc, 0);

  // The iteration number of induction variable `iv`.
  auto iteration = [&](Value iv) -> Value {
    Value offset =
        arith::SubIOp::create(rewriter, loc, iv, loop.getLowerBound());
    return arith::DivUIOp::create(rewriter, loc, offset, loop.getStep());
  };
  auto indices = [&](Value at, int64_t k) -> SmallVector<Value> {
    return {at, arith::ConstantIndexOp::create(rewriter, loc, k), zeroIndex};
  };

  rewriter.setInsertionPoint(loop);
  auto fill = scf::ForOp::create(rewriter, loc, loop.getLowerBound(),
                                 loop.getUpperBound(), loop.getStep());
  rewriter.setInsertionPointToStart(fill.getBody());
  IRMapping map;
  map.map(loop.getInductionVar(), fill.getInductionVar());
  for (Operation *op : perIteration)
    rewriter.clone(*op, map);
  Operation *clone = rewriter.clone(*nest, map);
  Value at = iteration(fill.getInductionVar());
  for (int64_t k = 0; k < count; ++k)
    vector::TransferWriteOp::create(rewriter, loc, clone->getResult(k), table,
                                    indices(at, k));

  rewriter.setInsertionPoint(nest);
  Value here = iteration(loop.getInductionVar());
  SmallVector<Value> reads;
  for (int64_t k = 0; k < count; ++k)
    reads.push_back(vector::TransferReadOp::create(rewriter, loc, resultType,
                                                   table, indices(here, k),
                                                   /*padding=*/std::nullopt));
  rewriter.replaceOp(nest, reads);
  return {fill, reads};
}

/// Collects into `ops` (operands first) the pure ops of `loop`'s body that
/// compute `value` from `loop`'s induction variable and values defined
/// outside `loop` (hoisting what does not need the induction variable).
/// Returns false when something else is needed.
bool collectPerIteration(Value value, scf::ForOp loop,
                         SetVector<Operation *> &ops) {
  if (value == loop.getInductionVar() || hoistDefinition(value, loop))
    return true;
  Operation *def = value.getDefiningOp();
  if (!def || def->getParentOp() != loop.getOperation() || !isPure(def) ||
      def->getNumRegions() != 0)
    return false;
  if (ops.contains(def))
    return true;
  for (Value operand : def->getOperands())
    if (!collectPerIteration(operand, loop, ops))
      return false;
  ops.insert(def);
  return true;
}

/// Moves `nest` (a loop computing from constants and constant memory only)
/// before each enclosing loop that runs at least once, with the pure index
/// arithmetic it reads from that loop's body, when it depends on nothing
/// else there; once, when it depends on that loop's induction variable
/// alone, its results for every iteration of that loop are computed before
/// it into a table (tabulateOverLoop). The corrections of quads are then
/// computed once per call, not once per tile. Returns the values that
/// replace `nest`'s results (its own, or reads of the table), or failure
/// (changing nothing but pure index arithmetic) when it leaves no loop.
FailureOr<SmallVector<Value>> placeOutsideLoops(RewriterBase &rewriter,
                                                scf::ForOp nest) {
  SmallVector<Value> results(nest.getResults());
  Operation *moving = nest;
  bool tabulated = false, moved = false;
  while (auto parent = dyn_cast<scf::ForOp>(moving->getParentOp())) {
    // A loop that runs at least once: the nest computes nothing it would
    // not have (no division by zero, no read of an empty range).
    std::optional<APInt> trips = parent.getStaticTripCount();
    if (!trips || trips->isZero())
      break;
    SetVector<Value> usedFromAbove;
    getUsedValuesDefinedAbove(moving->getRegions(), usedFromAbove);
    usedFromAbove.insert(moving->operand_begin(), moving->operand_end());
    // What `moving` reads from `parent`'s body: hoisted where it does not
    // depend on the induction variable, else cloned per iteration.
    SetVector<Operation *> perIteration;
    bool readsInductionVar = false;
    bool placeable = llvm::all_of(usedFromAbove, [&](Value value) {
      if (hoistDefinition(value, parent))
        return true;
      readsInductionVar = true;
      return collectPerIteration(value, parent, perIteration);
    });
    if (!placeable)
      break;
    if (readsInductionVar) {
      if (tabulated)
        break;
      auto [fill, reads] =
          tabulateOverLoop(rewriter, nest, parent, trips->getSExtValue(),
                           perIteration.getArrayRef());
      results = std::move(reads);
      moving = fill;
      tabulated = true;
      continue;
    }
    moving->moveBefore(parent);
    moved = true;
  }
  if (!moved && !tabulated)
    return failure();
  return results;
}

using QuadChain = ArrayRef<std::pair<vector::ContractionOp, ChannelGroupStep>>;
using ReductionNest = ArrayRef<std::pair<scf::ForOp, unsigned>>;

/// The steps of `chain` as quad_dots without their subtractions: each adds
/// 128 * sum w per block to what the contraction computed. `withQuads` sees
/// each step's filter quads (one per block of lanes) first.
void emitUncorrectedSteps(
    PatternRewriter &rewriter, QuadChain chain, int64_t lanes,
    function_ref<void(Location, ArrayRef<Value>)> withQuads = nullptr) {
  for (auto [contract, step] : chain) {
    rewriter.setInsertionPoint(contract);
    SmallVector<Value> filterQuads =
        getFilterGroups(rewriter, contract.getLoc(), step.filter,
                        /*group=*/4, step.channels, lanes);
    if (withQuads)
      withQuads(contract.getLoc(), filterQuads);
    rewriter.replaceOp(contract, emitQuadDots(rewriter, contract, step, lanes,
                                              filterQuads, /*corrections=*/{}));
  }
}

/// After `loop`: its result `index` minus `totals` (one vector per block of
/// lanes) in every column.
void subtractTotals(PatternRewriter &rewriter, scf::ForOp loop, unsigned index,
                    ValueRange totals, int64_t lanes) {
  Value result = loop.getResult(index);
  Location loc = loop.getLoc();
  rewriter.setInsertionPointAfter(loop);
  int64_t channels = static_cast<int64_t>(totals.size()) * lanes;
  Value total = splatConstant(
      rewriter, loc, VectorType::get({channels}, rewriter.getI32Type()), 0);
  for (auto [b, blockTotal] : llvm::enumerate(totals))
    total = vector::InsertStridedSliceOp::create(
        rewriter, loc, blockTotal, total,
        ArrayRef<int64_t>{static_cast<int64_t>(b) * lanes},
        ArrayRef<int64_t>{1});
  Value perColumn =
      vector::BroadcastOp::create(rewriter, loc, result.getType(), total);
  Value corrected = arith::SubIOp::create(rewriter, loc, result, perColumn);
  rewriter.replaceAllUsesExcept(result, corrected, corrected.getDefiningOp());
}

/// The corrections in a nest of their own: the same loops as `nest`, carrying
/// one accumulator per block of lanes that adds up each step's 128 * sum w
/// (one quad_dot of 0x80 bytes per filter vector), with the filter's reads
/// cloned. They depend on the filter only; when it is a constant global the
/// nest moves out of the enclosing loops that do not change it (rows and
/// column tiles) and is tabulated over the loop of channel blocks
/// (placeOutsideLoops), so it runs once per call. Returns the totals, or
/// failure (changing nothing) when the filter cannot be cloned or the nest
/// would leave no loop: then it would run once per tile, its chains of
/// quad_dots not overlapped with the steps' work.
FailureOr<SmallVector<Value>>
computeCorrectionsOutside(PatternRewriter &rewriter, ReductionNest nest,
                          QuadChain chain, int64_t lanes) {
  scf::ForOp outermost = nest.back().first;
  // What the filter operands are computed from inside the nest: pure ops and
  // reads, cloned into the corrections' nest.
  SetVector<Operation *> slice;
  BackwardSliceOptions options;
  options.filter = [&](Operation *op) {
    return outermost->isProperAncestor(op);
  };
  options.inclusive = true;
  // The loops' induction variables are mapped to the clone's, not cloned.
  options.omitBlockArguments = true;
  for (auto [contract, step] : chain)
    if (Operation *def = step.filter.getDefiningOp())
      if (failed(getBackwardSlice(def, &slice, options)))
        return failure();
  // The clone reads values from outside the nest, the loops' induction
  // variables and the slice's own results; nothing else (an accumulator, a
  // loop bound computed inside the nest) can be cloned.
  DenseSet<Value> available;
  for (auto [loop, index] : nest)
    available.insert(loop.getInductionVar());
  auto isAvailable = [&](Value value) {
    return available.contains(value) ||
           !outermost->isAncestor(value.getParentRegion()->getParentOp());
  };
  for (Operation *op : slice) {
    if (op->getNumRegions() != 0 ||
        (!isMemoryEffectFree(op) && !readsOnlyConstantMemory(op)) ||
        !llvm::all_of(op->getOperands(), isAvailable))
      return failure();
    available.insert(op->result_begin(), op->result_end());
  }
  for (auto [loop, index] : nest)
    if (!isAvailable(loop.getLowerBound()) ||
        !isAvailable(loop.getUpperBound()) || !isAvailable(loop.getStep()))
      return failure();

  int64_t blocks = chain.front().second.channels / lanes;
  int64_t steps = static_cast<int64_t>(chain.size());
  Location loc = outermost.getLoc();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(outermost);
  Value zero = splatConstant(rewriter, loc, getLaneType(rewriter, lanes), 0);

  // The same loops, outermost first, each carrying one accumulator per step
  // of the chain and block: independent chains of quad_dots, so that the
  // nest is not bound by their latency.
  IRMapping map;
  SmallVector<scf::ForOp> loops;
  SmallVector<Value> carried(steps * blocks, zero);
  for (auto [loop, index] : llvm::reverse(nest)) {
    auto clone = scf::ForOp::create(
        rewriter, loop.getLoc(), map.lookupOrDefault(loop.getLowerBound()),
        map.lookupOrDefault(loop.getUpperBound()),
        map.lookupOrDefault(loop.getStep()), carried);
    map.map(loop.getInductionVar(), clone.getInductionVar());
    if (!loops.empty()) {
      rewriter.setInsertionPointAfter(clone);
      scf::YieldOp::create(rewriter, loop.getLoc(), clone.getResults());
    }
    loops.push_back(clone);
    carried.assign(clone.getRegionIterArgs().begin(),
                   clone.getRegionIterArgs().end());
    rewriter.setInsertionPointToStart(clone.getBody());
  }
  for (Operation *op : slice)
    rewriter.clone(*op, map);
  for (auto [i, link] : llvm::enumerate(chain)) {
    auto [contract, step] = link;
    SmallVector<Value> filterQuads = getFilterGroups(
        rewriter, contract.getLoc(), map.lookupOrDefault(step.filter),
        /*group=*/4, step.channels, lanes);
    for (int64_t b = 0; b < blocks; ++b) {
      Value &sum = carried[i * blocks + b];
      sum = addCorrection(rewriter, contract.getLoc(), sum, filterQuads[b],
                          lanes);
    }
  }
  scf::YieldOp::create(rewriter, loc, carried);

  scf::ForOp corrections = loops.front();
  FailureOr<SmallVector<Value>> sums = placeOutsideLoops(rewriter, corrections);
  if (failed(sums)) {
    rewriter.eraseOp(corrections);
    return failure();
  }
  // The steps' sums per block, where the reduction nest is.
  rewriter.setInsertionPoint(outermost);
  SmallVector<Value> totals(sums->begin(), sums->begin() + blocks);
  for (int64_t i = 1; i < steps; ++i)
    for (int64_t b = 0; b < blocks; ++b)
      totals[b] = arith::AddIOp::create(rewriter, loc, totals[b],
                                        (*sums)[i * blocks + b]);
  return totals;
}

/// The corrections threaded through `nest`: one more accumulator per block
/// of lanes, from zero through every loop, adds up each step's 128 * sum w
/// next to the steps' own dot products. Returns the totals.
SmallVector<Value> threadCorrectionsThroughNest(PatternRewriter &rewriter,
                                                ReductionNest nest,
                                                QuadChain chain,
                                                int64_t lanes) {
  int64_t blocks = chain.front().second.channels / lanes;
  scf::ForOp outermost = nest.back().first;
  rewriter.setInsertionPoint(outermost);
  Value zero = splatConstant(rewriter, outermost.getLoc(),
                             getLaneType(rewriter, lanes), 0);
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

  scf::ForOp innermost = loops.front();
  SmallVector<Value> carried(innermost.getRegionIterArgs().end() - blocks,
                             innermost.getRegionIterArgs().end());
  emitUncorrectedSteps(
      rewriter, chain, lanes, [&](Location loc, ArrayRef<Value> quads) {
        for (int64_t b = 0; b < blocks; ++b)
          carried[b] =
              addCorrection(rewriter, loc, carried[b], quads[b], lanes);
      });
  auto yield = cast<scf::YieldOp>(innermost.getBody()->getTerminator());
  unsigned first = yield.getNumOperands() - blocks;
  for (int64_t b = 0; b < blocks; ++b)
    yield->setOperand(first + b, carried[b]);
  return inner;
}

/// Rewrites the reduction nest around one chain of quad steps so that no
/// step subtracts its correction: the steps add sum (x + 128) * w to the
/// accumulators, the 128 * sum w of every step are added up apart (in a
/// nest of their own outside the tile loops where the filter allows, else
/// in accumulators threaded through the nest) and the nest's result
/// subtracts the total once. A 3x3 step of 8 columns x 32 channels then
/// costs its 48 vpdpbusd alone (with the corrections threaded: plus 6),
/// instead of 48, 6 corrections and 16 vpsubd, plus the register copies the
/// subtractions made LLVM insert. Exact in wrapping i32. `nest` holds the
/// loops from the innermost (whose body holds `chain`) outwards, each with
/// the index of the accumulator it carries.
void hoistQuadCorrections(PatternRewriter &rewriter, ReductionNest nest,
                          QuadChain chain, int64_t lanes) {
  auto [outermost, index] = nest.back();
  FailureOr<SmallVector<Value>> totals =
      computeCorrectionsOutside(rewriter, nest, chain, lanes);
  if (succeeded(totals)) {
    emitUncorrectedSteps(rewriter, chain, lanes);
    subtractTotals(rewriter, outermost, index, *totals, lanes);
    return;
  }
  SmallVector<Value> threaded =
      threadCorrectionsThroughNest(rewriter, nest, chain, lanes);
  // The nest's loops were replaced by ones that carry the corrections too.
  auto grown = cast<scf::ForOp>(threaded.front().getDefiningOp());
  subtractTotals(rewriter, grown, index, threaded, lanes);
}

/// Finds each loop whose accumulator goes through quad steps only, and the
/// loops around it that pass that accumulator in and out unchanged (kernel
/// rows around input channels), and hoists the steps' corrections out of
/// that nest.
void lowerQuadChainsInLoops(func::FuncOp func, int64_t lanes) {
  PatternRewriter rewriter(func.getContext());
  // Innermost loops first. A nest's loops may be replaced by the rewrite
  // (and are skipped when the walk reaches them); the corrections' nests it
  // creates are not in the list.
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
      // One chain per nest (its loops may be replaced); the other
      // accumulators keep the per-step lowering.
      for (auto [nestLoop, nestIndex] : nest)
        replaced.insert(nestLoop.getOperation());
      hoistQuadCorrections(rewriter, nest, chain, lanes);
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
