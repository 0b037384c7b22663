//===- LoopNestHoisting.cpp - loop nests of constant values out of loops --===//

#include "LoopNestHoisting.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;
using namespace mlir::qfold;

bool mlir::qfold::readsOnlyConstantMemory(Operation *op) {
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

namespace {

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

/// Replaces `nest` (whose results are vectors of one type), inside `loop`
/// and reading its induction variable, by a table: a loop before `loop` over
/// the same iterations runs a clone of `perIteration` (the pure ops of `loop`'s
/// body that compute what `nest` reads from the induction variable) and of
/// `nest` for each and stores its results (vectors) in a stack buffer allocated
/// at the function's entry, and `nest`'s results become reads of that buffer at
/// `loop`'s iteration. Returns the loop filling the table and the reads.
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

} // namespace

FailureOr<SmallVector<Value>>
mlir::qfold::placeOutsideLoops(RewriterBase &rewriter, scf::ForOp nest) {
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
      // One table per nest, on the stack: at most 64 KiB.
      constexpr int64_t kMaxTableBytes = 64 << 10;
      auto resultType = nest.getNumResults()
                            ? dyn_cast<VectorType>(nest.getResult(0).getType())
                            : VectorType();
      if (tabulated || !resultType ||
          llvm::any_of(nest.getResultTypes(),
                       [&](Type type) { return type != resultType; }))
        break;
      int64_t tableBytes =
          trips->getSExtValue() * nest.getNumResults() *
          resultType.getNumElements() *
          llvm::divideCeil(resultType.getElementTypeBitWidth(), 8);
      if (tableBytes > kMaxTableBytes)
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
