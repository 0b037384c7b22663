//===- HoistStaticAllocas.cpp - the qfold-hoist-static-allocas pass -------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_HOISTSTATICALLOCAS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;

namespace {
struct HoistStaticAllocasPass
    : qfold::impl::HoistStaticAllocasBase<HoistStaticAllocasPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<memref::AllocaOp> nested;
    func.walk([&](memref::AllocaOp alloca) {
      if (alloca->getParentOfType<LoopLikeOpInterface>() &&
          alloca.getType().hasStaticShape() && alloca->getNumOperands() == 0)
        nested.push_back(alloca);
    });
    Block &entry = func.getBody().front();
    for (memref::AllocaOp alloca : nested)
      alloca->moveBefore(&entry, entry.begin());
  }
};
} // namespace
