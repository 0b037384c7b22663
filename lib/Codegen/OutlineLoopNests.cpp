//===- OutlineLoopNests.cpp - one function per layer for LLVM -------------===//
//
// A network lowers to one function holding every layer's loop nests. LLVM's
// optimizer and code generator are superlinear in the size of a function, so
// JIT time per layer grew with the depth of the network (430 ms per layer at
// 200 layers against 69 at 10). Each top-level loop nest becomes its own
// noinline function, so the work per layer stays constant.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_OUTLINELOOPNESTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// True for a loop nest on tensors that computes a slice of a larger tensor
/// (its result inserted into it, e.g. one piece of a convolution split
/// around its padding): passed to a function, the slice would be copied in
/// and out, since function boundaries bufferize to identity-layout memrefs.
/// Such nests are outlined by the run on buffers, where a subview crosses
/// the call as it is.
bool computesTensorSlice(scf::ForOp loop) {
  return llvm::any_of(loop->getUses(), [](OpOperand &use) {
    auto insert = dyn_cast<tensor::InsertSliceOp>(use.getOwner());
    return insert && &use == &insert.getSourceMutable();
  });
}

/// Moves `loop` into its own private, noinline function called in its place.
LogicalResult outlineLoop(IRRewriter &rewriter, scf::ForOp loop,
                          StringRef name) {
  Location loc = loop.getLoc();
  rewriter.setInsertionPoint(loop);
  auto region =
      scf::ExecuteRegionOp::create(rewriter, loc, loop.getResultTypes());
  Block *body = rewriter.createBlock(&region.getRegion());
  rewriter.replaceAllUsesWith(loop.getResults(), region.getResults());
  rewriter.moveOpBefore(loop, body, body->end());
  rewriter.setInsertionPointToEnd(body);
  scf::YieldOp::create(rewriter, loc, loop.getResults());

  func::CallOp call;
  FailureOr<func::FuncOp> outlined =
      outlineSingleBlockRegion(rewriter, loc, region.getRegion(), name, &call);
  if (failed(outlined))
    return failure();
  func::FuncOp func = *outlined;
  func.setPrivate();
  func->setAttr("passthrough",
                rewriter.getArrayAttr({rewriter.getStringAttr("noinline")}));

  // The call replaces the region that wrapped the loop.
  rewriter.moveOpBefore(call, region);
  rewriter.replaceOp(region, call.getResults());

  // Constants (weights, biases, requantization tables) and empty tensors
  // belong in the function: as arguments LLVM could not fold the former,
  // and bufferization would allocate the latter in the caller.
  Block &entry = func.getBody().front();
  for (int i = call.getNumOperands() - 1; i >= 0; --i) {
    Operation *constant = call.getOperand(i).getDefiningOp();
    if (!constant || constant->getNumOperands() != 0 ||
        !isMemoryEffectFree(constant) || constant->getNumRegions() != 0)
      continue;
    rewriter.setInsertionPointToStart(&entry);
    Operation *clone = rewriter.clone(*constant);
    rewriter.replaceAllUsesWith(entry.getArgument(i), clone->getResult(0));
    if (failed(func.eraseArgument(i)))
      return failure();
    call->eraseOperand(i);
    if (constant->use_empty())
      rewriter.eraseOp(constant);
  }
  return success();
}

struct OutlineLoopNestsPass
    : qfold::impl::OutlineLoopNestsBase<OutlineLoopNestsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    IRRewriter rewriter(&getContext());
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> funcs(module.getOps<func::FuncOp>());
    for (func::FuncOp func : funcs) {
      if (func.isExternal())
        continue;
      SmallVector<scf::ForOp> loops(
          func.getBody().front().getOps<scf::ForOp>());
      if (loops.size() < minLoops)
        continue;
      unsigned index = 0;
      for (scf::ForOp loop : loops) {
        if (computesTensorSlice(loop))
          continue;
        // A name no symbol has yet (outlineSingleBlockRegion inserts it).
        std::string name;
        do {
          name = (func.getSymName() + "_nest" + Twine(index++)).str();
        } while (symbols.lookup(name));
        if (failed(outlineLoop(rewriter, loop, name))) {
          loop->emitError("qfold-outline-loop-nests: cannot outline this "
                          "loop nest into @")
              << name;
          return signalPassFailure();
        }
        symbols.insert(module.lookupSymbol<func::FuncOp>(name));
      }
    }
  }
};

} // namespace
