//===- WriteResultsInPlace.cpp - compute results in their out-params ------===//
//
// buffer-results-to-out-params reuses a result's buffer as the out-param only
// when the returned value is the memref.alloc itself; a result produced by a
// loop nest (the tiled NHWC -> NCHW transpose) is returned as the loop's
// result and copied out instead, a full extra pass over the output.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_WRITERESULTSINPLACE
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// True when `loop` yields, as its result `index`, the buffer it received as
/// iter_arg `index` (directly or through nested loops that do the same).
bool yieldsItsIterArg(scf::ForOp loop, unsigned index) {
  Value yielded = loop.getYieldedValues()[index];
  while (yielded != loop.getRegionIterArgs()[index]) {
    auto inner = yielded.getDefiningOp<scf::ForOp>();
    if (!inner)
      return false;
    unsigned innerIndex = cast<OpResult>(yielded).getResultNumber();
    if (!yieldsItsIterArg(inner, innerIndex))
      return false;
    yielded = inner.getInitArgs()[innerIndex];
  }
  return true;
}

/// The allocation whose buffer `value` is, through loops that pass their
/// iter_arg buffer on, or null.
memref::AllocOp getUnderlyingAlloc(Value value) {
  while (auto loop = value.getDefiningOp<scf::ForOp>()) {
    unsigned index = cast<OpResult>(value).getResultNumber();
    if (!yieldsItsIterArg(loop, index))
      return nullptr;
    value = loop.getInitArgs()[index];
  }
  return value.getDefiningOp<memref::AllocOp>();
}

struct WriteResultsInPlacePass
    : qfold::impl::WriteResultsInPlaceBase<WriteResultsInPlacePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      // copy(alloc-backed value, out-param) just before the return, the
      // out-param used by nothing else, the same type on both sides.
      auto outParam = dyn_cast<BlockArgument>(copy.getTarget());
      if (!outParam || outParam.getOwner() != &func.getBody().front() ||
          !outParam.hasOneUse() ||
          copy->getBlock() != &func.getBody().front() ||
          !isa<func::ReturnOp>(copy->getNextNode()))
        continue;
      memref::AllocOp alloc = getUnderlyingAlloc(copy.getSource());
      if (!alloc || alloc.getType() != outParam.getType() ||
          alloc->getBlock() != &func.getBody().front())
        continue;
      alloc.getResult().replaceAllUsesWith(outParam);
      copy->erase();
      alloc->erase();
    }
  }
};

} // namespace
