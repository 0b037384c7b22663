//===- FoldPass.cpp - the qfold-fold pass ---------------------------------===//

#include "qfold/Dialect/QFold/IR/ConvTransposeAsConv.h"
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
/// Runs the folders of qfold ops (identity batch_norm, unbounded clamp,
/// relu(relu(x))) and only those: upstream folders such as
/// quant.dcast(quant.qcast(x)) -> x drop a rounding that must be kept.
struct FoldQFoldOps : RewritePattern {
  FoldQFoldOps(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<QFoldDialect>(op->getDialect()))
      return failure();
    SmallVector<OpFoldResult> folded;
    if (failed(op->fold(folded)) || folded.empty())
      return failure();
    SmallVector<Value> replacements;
    for (auto [result, replacement] : llvm::zip(op->getResults(), folded)) {
      auto value = dyn_cast<Value>(replacement);
      // qfold folders only forward existing values.
      if (!value || value == result)
        return failure();
      replacements.push_back(value);
    }
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

struct QFoldFoldPass : qfold::impl::QFoldFoldBase<QFoldFoldPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldingPatterns(patterns, FoldingOptions{padValues});
    patterns.add<FoldQFoldOps>(&getContext());
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config))) {
      getOperation()->emitError(
          "qfold-fold: the folding patterns did not converge");
      return signalPassFailure();
    }
    if (decomposeConvTranspose) {
      // After the folds, which read the transposed conv's own filter.
      RewritePatternSet decompose(&getContext());
      populateDecomposeConvTransposePatterns(decompose);
      if (failed(applyPatternsGreedily(getOperation(), std::move(decompose),
                                       config)))
        return signalPassFailure();
    }
    if (!report)
      return;
    getOperation()->walk([](BatchNormOp bn) {
      std::string why;
      if (failed(planBatchNormFold(bn, why)))
        bn.emitRemark("batch_norm left unfolded: ") << why;
    });
  }
};
} // namespace
