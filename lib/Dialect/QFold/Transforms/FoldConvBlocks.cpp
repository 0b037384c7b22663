//===- FoldConvBlocks.cpp - the qfold-fold pass ---------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_QFOLDFOLD
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {
struct QFoldFoldPass : qfold::impl::QFoldFoldBase<QFoldFoldPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldingPatterns(patterns);
    // The driver also runs the ops' folders (identity batch_norm/clamp,
    // relu(relu(x))).
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
