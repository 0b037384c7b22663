//===- HoistVectorTransfers.cpp - the qfold-hoist-vector-transfers pass ---===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_HOISTVECTORTRANSFERS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;

namespace {
struct HoistVectorTransfersPass
    : qfold::impl::HoistVectorTransfersBase<HoistVectorTransfersPass> {
  void runOnOperation() override {
    linalg::hoistRedundantVectorTransfers(getOperation(),
                                          /*verifyNonZeroTrip=*/true);
  }
};
} // namespace
