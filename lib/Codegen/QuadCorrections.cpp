//===- QuadCorrections.cpp - quad corrections out of reduction nests ------===//
//
// A conv step over i8 quads reads its signed input bytes as unsigned
// (x ^ 0x80 = x + 128) for vpdpbusd and must subtract 128 * sum w. In a
// reduction nest whose accumulator goes through such steps only, the steps
// leave that out and the nest's result subtracts the total once: computed
// once per call for a filter in constant memory, else added up beside the
// steps.
//
//===----------------------------------------------------------------------===//

#include "LoopNestHoisting.h"
#include "QuadSteps.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

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

} // namespace

/// Finds each loop whose accumulator goes through quad steps only, and the
/// loops around it that pass that accumulator in and out unchanged (kernel
/// rows around input channels), and hoists the steps' corrections out of
/// that nest.
void mlir::qfold::lowerQuadChainsInLoops(func::FuncOp func, int64_t lanes) {
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
      // Every step of a chain has the same channels, so the same lanes.
      hoistQuadCorrections(rewriter, nest, chain, chain.front().second.lanes);
      break;
    }
  }
}
