//===- MemRefCopyToLinalg.cpp - memref.copy as linalg.copy ----------------===//

#include "qfold/Dialect/QFold/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_QFOLDMEMREFCOPYTOLINALG
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;

namespace {
struct CopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    // Unranked copies have no linalg form; they keep the library call.
    if (!isa<MemRefType>(op.getSource().getType()) ||
        !isa<MemRefType>(op.getTarget().getType()))
      return failure();
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct QFoldMemRefCopyToLinalgPass
    : qfold::impl::QFoldMemRefCopyToLinalgBase<QFoldMemRefCopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CopyToLinalg>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};
} // namespace
