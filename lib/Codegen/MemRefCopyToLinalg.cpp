//===- MemRefCopyToLinalg.cpp - memref.copy as linalg.copy ----------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_MEMREFCOPYTOLINALG
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;

namespace {
/// The largest copy written as one vector transfer (4 KiB of f32).
constexpr int64_t kMaxVectorCopy = 1024;

struct CopyToLinalg : OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    // Unranked copies have no linalg form; they keep the library call.
    if (!isa<MemRefType>(op.getSource().getType()) ||
        !isa<MemRefType>(op.getTarget().getType()))
      return failure();
    auto source = cast<MemRefType>(op.getSource().getType());
    auto target = cast<MemRefType>(op.getTarget().getType());
    // A small static copy (a row of a tiled copy) is one vector transfer;
    // as linalg loops it would move one element at a time.
    if (source.hasStaticShape() && target.hasStaticShape() &&
        source.getRank() > 0 && source.getNumElements() <= kMaxVectorCopy &&
        source.getElementType().isIntOrFloat()) {
      Location loc = op.getLoc();
      auto vectorType =
          VectorType::get(source.getShape(), source.getElementType());
      SmallVector<Value> zeros(
          source.getRank(), arith::ConstantIndexOp::create(rewriter, loc, 0));
      SmallVector<bool> inBounds(source.getRank(), true);
      Value row = vector::TransferReadOp::create(
          rewriter, loc, vectorType, op.getSource(), zeros,
          /*padding=*/std::nullopt, inBounds);
      rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
          op, row, op.getTarget(), zeros, inBounds);
      return success();
    }
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct MemRefCopyToLinalgPass
    : qfold::impl::MemRefCopyToLinalgBase<MemRefCopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CopyToLinalg>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};
} // namespace
