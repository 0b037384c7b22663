//===- ParallelizeLoopNests.cpp - loop nests as parallel work -------------===//
//
// Tiling knows which of its loops are parallel (they tile a dimension the
// tiled op marks parallel) and says so with a `qfold.parallel` unit
// attribute; on buffers, where that is no longer visible, this pass turns
// the outermost band of such loops of each top-level nest into one
// multi-dimensional scf.parallel, which convert-scf-to-openmp makes an
// OpenMP parallel loop (the iterations of the band split statically among
// the threads, the band collapsed into one iteration space). Nests whose
// estimated work is too small to pay for waking the threads stay serial,
// and so do the loops inside a parallel band: one level of parallelism,
// never a reduction split across threads (results do not depend on the
// thread count).
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Passes.h"
#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_PARALLELIZELOOPNESTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

static constexpr llvm::StringLiteral kParallelAttr = "qfold.parallel";

void mlir::qfold::markParallelLoops(ArrayRef<LoopLikeOpInterface> loops) {
  for (LoopLikeOpInterface loop : loops)
    if (isa<scf::ForOp>(loop.getOperation()))
      loop->setAttr(kParallelAttr, UnitAttr::get(loop->getContext()));
}

void mlir::qfold::markParallelTileLoops(Operation *tiled,
                                        ArrayRef<int64_t> sizes,
                                        ArrayRef<LoopLikeOpInterface> loops) {
  auto tiling = dyn_cast<TilingInterface>(tiled);
  if (!tiling)
    return;
  SmallVector<utils::IteratorType> iterators = tiling.getLoopIteratorTypes();
  // tileUsingSCF makes one loop per non-zero tile size, outermost first.
  size_t loop = 0;
  for (auto [dim, size] : llvm::enumerate(sizes)) {
    if (size == 0)
      continue;
    if (loop == loops.size())
      return;
    if (dim < iterators.size() &&
        iterators[dim] == utils::IteratorType::parallel)
      markParallelLoops(loops[loop]);
    ++loop;
  }
}

namespace {

/// Iterations of a loop with constant bounds; `fallback` otherwise.
int64_t getTripCount(Value lb, Value ub, Value step, int64_t fallback) {
  std::optional<int64_t> l = getConstantIntValue(lb);
  std::optional<int64_t> u = getConstantIntValue(ub);
  std::optional<int64_t> s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return fallback;
  return *u > *l ? (*u - *l + *s - 1) / *s : 0;
}

/// The sum over the ops `op` executes of `cost(op)`, each counted once per
/// iteration of the loops around it within `op`.
uint64_t estimateTotal(Operation *op,
                       function_ref<uint64_t(Operation *)> cost) {
  constexpr int64_t kUnknownTrips = 16;
  uint64_t self = cost(op);
  uint64_t inner = 0;
  for (Region &region : op->getRegions())
    for (Block &block : region)
      for (Operation &nested : block)
        inner = llvm::SaturatingAdd(inner, estimateTotal(&nested, cost));
  uint64_t trips = 1;
  if (auto loop = dyn_cast<scf::ForOp>(op))
    trips = getTripCount(loop.getLowerBound(), loop.getUpperBound(),
                         loop.getStep(), kUnknownTrips);
  else if (auto loop = dyn_cast<scf::ParallelOp>(op))
    for (auto [lb, ub, step] :
         llvm::zip(loop.getLowerBound(), loop.getUpperBound(), loop.getStep()))
      trips = llvm::SaturatingMultiply(
          trips, uint64_t(getTripCount(lb, ub, step, kUnknownTrips)));
  return llvm::SaturatingAdd(self, llvm::SaturatingMultiply(trips, inner));
}

/// A rough count of the machine operations `op` executes: one per scalar
/// op, one per 16 elements of a vector result. Only compared with a
/// threshold.
uint64_t estimateWork(Operation *op) {
  return estimateTotal(op, [](Operation *nested) -> uint64_t {
    uint64_t ops = 1;
    for (Type type : nested->getResultTypes())
      if (auto vector = dyn_cast<VectorType>(type))
        ops = std::max<uint64_t>(ops, vector.getNumElements() / 16);
    return ops;
  });
}

/// The bytes `op` stores to memory (vector transfers and scalar stores).
uint64_t estimateBytesWritten(Operation *op) {
  return estimateTotal(op, [](Operation *nested) -> uint64_t {
    Type stored;
    if (auto write = dyn_cast<vector::TransferWriteOp>(nested))
      stored = write.getVectorType();
    else if (auto store = dyn_cast<vector::StoreOp>(nested))
      stored = store.getVectorType();
    else if (auto store = dyn_cast<memref::StoreOp>(nested))
      stored = store.getValueToStore().getType();
    if (!stored)
      return 0;
    auto shaped = dyn_cast<ShapedType>(stored);
    Type element = shaped ? shaped.getElementType() : stored;
    if (!element.isIntOrFloat())
      return 0;
    uint64_t count = shaped ? shaped.getNumElements() : 1;
    return count * llvm::divideCeil(element.getIntOrFloatBitWidth(), 8);
  });
}

/// One dimension of a band of parallel loops.
struct BandDim {
  Value lb, ub, step, iv;
};

/// A loop that may join a band: a marked scf.for without results, or an
/// scf.parallel without reductions.
bool isParallelLoop(Operation *op) {
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return loop->hasAttr(kParallelAttr) && loop.getNumResults() == 0 &&
           loop.getInductionVar().getType().isIndex();
  if (auto loop = dyn_cast<scf::ParallelOp>(op))
    return loop.getNumReductions() == 0;
  return false;
}

/// The loop body a band continues into.
Block *getLoopBody(Operation *op) {
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return loop.getBody();
  return cast<scf::ParallelOp>(op).getBody();
}

/// The outermost band of perfectly nested parallel loops from `root`, and
/// the innermost loop of it.
Operation *collectBand(Operation *root, SmallVectorImpl<BandDim> &band) {
  Operation *loop = root;
  while (true) {
    if (auto forOp = dyn_cast<scf::ForOp>(loop)) {
      band.push_back({forOp.getLowerBound(), forOp.getUpperBound(),
                      forOp.getStep(), forOp.getInductionVar()});
    } else {
      auto par = cast<scf::ParallelOp>(loop);
      for (auto [lb, ub, step, iv] :
           llvm::zip(par.getLowerBound(), par.getUpperBound(), par.getStep(),
                     par.getInductionVars()))
        band.push_back({lb, ub, step, iv});
    }
    // The band goes on into a perfectly nested parallel loop whose bounds
    // are computed outside the band.
    Block *body = getLoopBody(loop);
    if (body->getOperations().size() != 2)
      return loop;
    Operation *inner = &body->front();
    if (!isParallelLoop(inner) ||
        llvm::any_of(inner->getOperands(), [&](Value bound) {
          Operation *def = bound.getDefiningOp();
          return !def || root->isAncestor(def);
        }))
      return loop;
    loop = inner;
  }
}

/// How many of the band's outer dimensions to run in parallel: the fewest
/// whose iterations number at least `enough`. The dimensions are collapsed
/// into one iteration space whose indices OpenMP recovers by division in
/// every iteration: worth it for a body of loops (a convolution tile's
/// reductions), not for a straight-line body, whose innermost band loop is
/// left serial, a loop LLVM can vectorize.
size_t countParallelDims(ArrayRef<BandDim> band, Block *body, int64_t enough) {
  bool loopBody = llvm::any_of(body->getOperations(), [](Operation &op) {
    return isa<LoopLikeOpInterface>(op);
  });
  size_t most = loopBody ? band.size() : std::max<size_t>(1, band.size() - 1);
  int64_t iterations = 1;
  for (auto [i, dim] : llvm::enumerate(band.take_front(most))) {
    iterations *= getTripCount(dim.lb, dim.ub, dim.step, /*fallback=*/1);
    if (iterations >= enough)
      return i + 1;
  }
  return most;
}

/// Replaces the band from `root` to `innermost` by one scf.parallel over its
/// first `parallelDims` dimensions around scf.for loops over the others.
scf::ParallelOp parallelizeBand(RewriterBase &rewriter, Operation *root,
                                Operation *innermost, ArrayRef<BandDim> band,
                                size_t parallelDims) {
  SmallVector<Value> lbs, ubs, steps;
  for (const BandDim &dim : band) {
    lbs.push_back(dim.lb);
    ubs.push_back(dim.ub);
    steps.push_back(dim.step);
  }
  Location loc = root->getLoc();
  rewriter.setInsertionPoint(root);
  auto parallel = scf::ParallelOp::create(
      rewriter, loc, ArrayRef(lbs).take_front(parallelDims),
      ArrayRef(ubs).take_front(parallelDims),
      ArrayRef(steps).take_front(parallelDims));
  for (auto [dim, iv] : llvm::zip(band, parallel.getInductionVars()))
    rewriter.replaceAllUsesWith(dim.iv, iv);
  Block *from = getLoopBody(innermost);
  auto moveBody = [&](Block *to, Block::iterator before) {
    to->getOperations().splice(before, from->getOperations(), from->begin(),
                               std::prev(from->end()));
  };
  Block *body = parallel.getBody();
  if (parallelDims == band.size()) {
    moveBody(body, body->getTerminator()->getIterator());
  } else {
    rewriter.setInsertionPoint(body->getTerminator());
    scf::buildLoopNest(
        rewriter, loc, ArrayRef(lbs).drop_front(parallelDims),
        ArrayRef(ubs).drop_front(parallelDims),
        ArrayRef(steps).drop_front(parallelDims),
        [&](OpBuilder &builder, Location, ValueRange ivs) {
          for (auto [dim, iv] : llvm::zip(band.drop_front(parallelDims), ivs))
            rewriter.replaceAllUsesWith(dim.iv, iv);
          moveBody(builder.getInsertionBlock(), builder.getInsertionPoint());
        });
  }
  rewriter.eraseOp(root);
  return parallel;
}

/// An scf.parallel without reductions as a nest of scf.for loops.
void serialize(RewriterBase &rewriter, scf::ParallelOp parallel) {
  rewriter.setInsertionPoint(parallel);
  Location loc = parallel.getLoc();
  Block *body = parallel.getBody();
  scf::buildLoopNest(
      rewriter, loc, parallel.getLowerBound(), parallel.getUpperBound(),
      parallel.getStep(), [&](OpBuilder &builder, Location, ValueRange ivs) {
        for (auto [from, to] : llvm::zip(parallel.getInductionVars(), ivs))
          rewriter.replaceAllUsesWith(from, to);
        Block *inner = builder.getInsertionBlock();
        inner->getOperations().splice(builder.getInsertionPoint(),
                                      body->getOperations(), body->begin(),
                                      std::prev(body->end()));
      });
  rewriter.eraseOp(parallel);
}

struct ParallelizeLoopNestsPass
    : qfold::impl::ParallelizeLoopNestsBase<ParallelizeLoopNestsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    llvm::SmallPtrSet<Operation *, 8> kept;
    if (!func.getBody().empty()) {
      for (Operation &op : llvm::make_early_inc_range(func.getBody().front())) {
        // A nest that writes much memory shares it even when its work is
        // small: its threads write the parts that the next (parallel) nest's
        // threads read, which otherwise come from the other cores' caches.
        if (!isParallelLoop(&op) ||
            (estimateWork(&op) < uint64_t(std::max<int64_t>(minWork, 0)) &&
             estimateBytesWritten(&op) <
                 uint64_t(std::max<int64_t>(minBytes, 0))))
          continue;
        SmallVector<BandDim> band;
        Operation *innermost = collectBand(&op, band);
        size_t dims =
            countParallelDims(band, getLoopBody(innermost), bandIterations);
        kept.insert(parallelizeBand(rewriter, &op, innermost, band, dims));
      }
    }
    // Everything else runs serially: the loops inside a parallel band, the
    // nests too small to share, and loops not at the top of a function.
    SmallVector<scf::ParallelOp> others;
    WalkResult walk = func.walk([&](scf::ParallelOp loop) {
      // convert-scf-to-openmp would split the reduction among the threads:
      // its result would depend on their count. qfold's lowering makes no
      // such loop (reductions are scf.for loops).
      if (loop.getNumReductions() != 0) {
        loop.emitOpError("with reductions is not supported by "
                         "qfold-parallelize-loop-nests: the reduction would "
                         "be split among threads");
        return WalkResult::interrupt();
      }
      if (!kept.contains(loop))
        others.push_back(loop);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (scf::ParallelOp loop : llvm::reverse(others))
      serialize(rewriter, loop);
    func.walk([](scf::ForOp loop) { loop->removeAttr(kParallelAttr); });
  }
};

} // namespace
