//===- HoistStaticAllocas.cpp - the qfold-hoist-static-allocas pass -------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
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
      if ((alloca->getParentOfType<LoopLikeOpInterface>() ||
           alloca->getParentOfType<memref::AllocaScopeOp>()) &&
          alloca.getType().hasStaticShape() && alloca->getNumOperands() == 0)
        nested.push_back(alloca);
    });
    Block &entry = func.getBody().front();
    for (memref::AllocaOp alloca : nested) {
      // Threads share what is outside a parallel region: each gets its own
      // buffer at the start of the region it runs.
      Block *to = &entry;
      for (Operation *parent = alloca->getParentOp(); parent != func;
           parent = parent->getParentOp()) {
        if (auto parallel = dyn_cast<omp::ParallelOp>(parent)) {
          to = &parallel.getRegion().front();
          break;
        }
        if (auto parallel = dyn_cast<scf::ParallelOp>(parent)) {
          to = parallel.getBody();
          break;
        }
      }
      alloca->moveBefore(to, to->begin());
    }
  }
};
} // namespace
