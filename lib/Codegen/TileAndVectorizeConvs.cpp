//===- TileAndVectorizeConvs.cpp - register-blocked NHWC convolutions -----===//
//
// The driver of qfold's CPU strategy for NHWC convolutions: tile the
// epilogue over a register block of output columns x output channels and
// fuse the convolution into it, tile the kernel rows and input channels (one,
// or a pair for integer dot products) so the convolution becomes 1-D, peel
// partial tiles, vectorize, and keep the accumulators in vectors from the
// reduction loops to the epilogue. The data movement around the
// convolutions is tiled and vectorized too. Each step is a function of
// qfold/Codegen/Transforms.h, in a file of its own.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/HostTarget.h"
#include "qfold/Codegen/Passes.h"
#include "qfold/Codegen/Patterns.h"
#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_TILEANDVECTORIZECONVS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// Greedy rewriting of `func` with `patterns`; an error on `func` when the
/// driver gives up (a pattern kept changing the IR): never fail silently.
LogicalResult applyOrReport(func::FuncOp func, RewritePatternSet &&patterns) {
  if (succeeded(applyPatternsGreedily(func, std::move(patterns))))
    return success();
  return func.emitError("qfold-tile-and-vectorize-convs: rewrite patterns did "
                        "not converge on this function");
}

/// Widens integer operands, splits padded depthwise convolutions, then tiles
/// each convolution over its register block and into 1-D tiles.
void tileConvolutions(RewriterBase &rewriter, func::FuncOp func,
                      const VectorTarget &target, bool pairDot) {
  SmallVector<ConvInfo> convs;
  func.walk([&](Operation *op) {
    if (std::optional<ConvInfo> info = matchConv(op))
      convs.push_back(*info);
  });
  for (const ConvInfo &whole : convs) {
    bool pairs = pairDot && whole.integer && whole.inputChannels % 2 == 0;
    // Channel pairs read the input as i16: widened once here (and padded in
    // the same pass), each column's pair is then one 32-bit broadcast load
    // in the inner loop. Other convolutions read their input unpadded where
    // no tap reaches the padding.
    SmallVector<Operation *> pieces = {whole.op};
    if (pairs) {
      widenInputToI16(rewriter, whole.op);
      widenConstantFilter(rewriter, whole.op, 16);
    } else {
      if (whole.integer)
        widenConstantFilter(rewriter, whole.op, 32);
      pieces = splitPaddedDepthwiseConv(rewriter, whole);
    }
    for (Operation *piece : pieces) {
      std::optional<ConvInfo> info = matchConv(piece);
      if (!info)
        continue;
      ConvRegisterTile tile = chooseConvRegisterTile(
          info->outputWidth, info->outputChannels, info->kernelWidth,
          target.lanes, target.registers);
      auto tiled = tileConvParallelDims(rewriter, *info, tile);
      if (failed(tiled))
        continue;
      if (failed(tileConvReductionDims(rewriter, tiled->first, info->depthwise,
                                       pairs ? 2 : 1)))
        continue;
      peelPartialTiles(rewriter, tiled->second);
    }
  }
}

/// pad(x) as fill + insert_slice, so that eliminate-empty-tensors can have
/// x's producer (the boundary transpose) write straight into the padded
/// buffer instead of a copy of it; an x that is a function argument (NHWC
/// boundary) is copied in by a linalg.copy, tiled with the rest of the data
/// movement.
LogicalResult tileDataMovementAroundConvs(RewriterBase &rewriter,
                                          func::FuncOp func, int64_t lanes) {
  RewritePatternSet patterns(func.getContext());
  patterns.add<linalg::DecomposePadOpPattern>(func.getContext());
  if (failed(applyOrReport(func, std::move(patterns))))
    return failure();
  copyInsertedArguments(rewriter, func);
  tileDataMovement(rewriter, func, lanes);
  return success();
}

/// Canonicalization turns the sizes peeling made constant into static tile
/// types; 2-D convolutions of one output row and one kernel row become 1-D.
LogicalResult makeTilesStatic(func::FuncOp func) {
  MLIRContext *ctx = func.getContext();
  RewritePatternSet patterns(ctx);
  linalg::populateDecomposeConvolutionPatterns(patterns);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  return applyOrReport(func, std::move(patterns));
}

/// Vectorizes the tiles and drops the unit dimensions of their transfers.
LogicalResult vectorize(RewriterBase &rewriter, func::FuncOp func) {
  vectorizeTiles(rewriter, func);
  MLIRContext *ctx = func.getContext();
  RewritePatternSet patterns(ctx);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
  tensor::InsertSliceOp::getCanonicalizationPatterns(patterns, ctx);
  vector::populateVectorTransferDropUnitDimsPatterns(patterns);
  return applyOrReport(func, std::move(patterns));
}

/// Keeps accumulators in vectors across the reduction loops: hoists the
/// loop-invariant slices and transfers, innermost loops first. They then
/// leave the loops through a write into a slice of the tile's empty tensor
/// and a read back by the epilogue: folding the slices into the transfers
/// lets the read forward the vector, and no tile buffer is left for
/// bufferization to allocate. (The requantization's high multiply is
/// rewritten on even/odd lanes here too, once its operands are vectors.)
LogicalResult keepAccumulatorsInVectors(RewriterBase &rewriter,
                                        func::FuncOp func) {
  func.walk([&](scf::ForOp loop) {
    hoistLoopInvariantSubsets(rewriter,
                              cast<LoopLikeOpInterface>(loop.getOperation()));
  });
  MLIRContext *ctx = func.getContext();
  RewritePatternSet patterns(ctx);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
  tensor::populateFoldTensorSubsetOpPatterns(patterns);
  scf::ForOp::getCanonicalizationPatterns(patterns, ctx);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
  populateForwardSplatFillPatterns(patterns);
  populateEvenOddHighMulPatterns(patterns);
  return applyOrReport(func, std::move(patterns));
}

struct TileAndVectorizeConvsPass
    : qfold::impl::TileAndVectorizeConvsBase<TileAndVectorizeConvsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    VectorTarget target = detectHostVectorTarget();
    if (vectorLanes > 0)
      target.lanes = vectorLanes;
    if (vectorRegisters > 0)
      target.registers = vectorRegisters;
    // Pairs of input channels for qfold-lower-pair-dot-products (after
    // bufferization, which cannot see through the intrinsic's effects).
    bool pairDot =
        int8Dot == Int8DotKind::pairs ||
        (int8Dot == Int8DotKind::autoSelect && target.usePairDotProducts());

    tileConvolutions(rewriter, func, target, pairDot);
    if (failed(tileDataMovementAroundConvs(rewriter, func, target.lanes)) ||
        failed(makeTilesStatic(func)) || failed(vectorize(rewriter, func)) ||
        failed(keepAccumulatorsInVectors(rewriter, func)))
      return signalPassFailure();
    // After the slices are folded: the filter reads are of the constant.
    if (pairDot)
      interleaveConstantFilterPairs(rewriter, func);
  }
};

} // namespace
