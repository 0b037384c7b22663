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
#include "qfold/Dialect/QFold/IR/QFoldDialect.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"
#include "llvm/ADT/SetVector.h"

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

/// True when `conv`'s filter is a constant of i8 values (the zero points
/// subtracted and in range): what the quad dot products read as they are.
bool hasConstantI8Filter(linalg::LinalgOp conv) {
  Value filter = conv.getDpsInputs()[1];
  return matchPattern(filter, m_Constant()) &&
         getElementTypeOrSelf(filter.getType()).isInteger(8);
}

/// The input channels an integer convolution reduces per step: 4 (quads),
/// 2 (pairs) or 1, the first that `dot` allows and the conv can take.
int64_t chooseChannelGroup(const ConvInfo &conv, Int8DotKind dot,
                           const VectorTarget &target) {
  if (!conv.integer)
    return 1;
  return chooseIntegerChannelGroup(conv.inputChannels,
                                   hasConstantI8Filter(conv.op), dot, target);
}

/// True for an int8 depthwise convolution (i8 input, constant i8 filter of
/// at most four kernel rows) where quads are chosen: its tiles become
/// quad_dots over the kernel rows.
bool takesDepthwiseQuads(const ConvInfo &conv, Int8DotKind dot,
                         const VectorTarget &target) {
  if (!conv.depthwise || !conv.integer)
    return false;
  linalg::LinalgOp op = conv.op;
  auto input = cast<ShapedType>(op.getDpsInputs()[0].getType());
  auto filter = cast<ShapedType>(op.getDpsInputs()[1].getType());
  return input.getElementType().isInteger(8) &&
         chooseDepthwiseQuads(filter.getDimSize(0), hasConstantI8Filter(op),
                              dot, target);
}

/// depthwiseRowsShareQuads for a depthwise convolution.
bool rowsShareQuads(const ConvInfo &conv) {
  linalg::LinalgOp linalgOp = conv.op;
  auto op = cast<linalg::DepthwiseConv2DNhwcHwcOp>(linalgOp.getOperation());
  auto filter = cast<ShapedType>(op.getDpsInputs()[1].getType());
  return depthwiseRowsShareQuads(*op.getStrides().value_begin<int64_t>(),
                                 *op.getDilations().value_begin<int64_t>(),
                                 filter.getDimSize(0));
}

/// Splits grouped convolutions into one per group, widens integer operands,
/// splits padded depthwise convolutions, then tiles
/// each convolution over its register block and into 1-D tiles. Returns the
/// channel groups used (2: pairs, 4: quads), for the filter re-layout.
llvm::SmallSetVector<int64_t, 2> tileConvolutions(RewriterBase &rewriter,
                                                  func::FuncOp func,
                                                  const VectorTarget &target,
                                                  Int8DotKind dot) {
  SmallVector<linalg::Conv2DNhwgcGfhwcOp> grouped;
  func.walk([&](linalg::Conv2DNhwgcGfhwcOp op) { grouped.push_back(op); });
  for (linalg::Conv2DNhwgcGfhwcOp op : grouped)
    splitGroupedConv(rewriter, op);
  SmallVector<ConvInfo> convs;
  func.walk([&](Operation *op) {
    if (std::optional<ConvInfo> info = matchConv(op))
      convs.push_back(*info);
  });
  llvm::SmallSetVector<int64_t, 2> groups;
  for (const ConvInfo &whole : convs) {
    int64_t group = chooseChannelGroup(whole, dot, target);
    if (group > 1)
      groups.insert(group);
    // Quads read the i8 input and filter as they are. Channel pairs read the
    // input as i16: widened once here (and padded in the same pass), each
    // column's pair is then one 32-bit broadcast load in the inner loop.
    // Other convolutions read their input unpadded where no tap reaches the
    // padding.
    // Depthwise int8 convolutions where quads are chosen take them over the
    // kernel rows (vectorizeDepthwiseQuadTiles): their tiles keep the kernel
    // rows and the i8 filter.
    bool depthwiseQuads = takesDepthwiseQuads(whole, dot, target);
    SmallVector<Operation *> pieces = {whole.op};
    if (group == 2) {
      widenInputToI16(rewriter, whole.op);
      widenConstantFilter(rewriter, whole.op, 16);
    } else if (group == 1) {
      if (whole.integer && !depthwiseQuads)
        widenConstantFilter(rewriter, whole.op, 32);
      pieces = splitPaddedDepthwiseConv(rewriter, whole);
    }
    for (Operation *piece : pieces) {
      std::optional<ConvInfo> info = matchConv(piece);
      if (!info)
        continue;
      if (info->integer)
        startAccumulatorAtBias(rewriter, info->op);
      ConvStepKind kind = group == 4 || depthwiseQuads ? ConvStepKind::quadDots
                          : info->integer              ? ConvStepKind::integer
                                                       : ConvStepKind::floatFma;
      // Depthwise quads take one vector of channels per tile: each input
      // column's interleaved rows then stay in one register.
      auto outputType = cast<ShapedType>(info->op->getResult(0).getType());
      ConvRegisterTile tile =
          depthwiseQuads
              ? chooseDepthwiseQuadTile(
                    outputType.getDimSize(1), info->outputWidth,
                    info->outputChannels, info->kernelWidth,
                    rowsShareQuads(*info), target.lanes, target.registers)
              : chooseConvRegisterTile(info->outputWidth, info->outputChannels,
                                       info->kernelWidth, target.lanes,
                                       target.registers, kind);
      auto filterType = cast<ShapedType>(info->op.getDpsInputs()[1].getType());
      tile.channelBlocksOutermost = chooseChannelBlocksOutermost(
          filterType.getNumElements() *
              llvm::divideCeil(filterType.getElementTypeBitWidth(), 8),
          outputType.getDimSize(1),
          llvm::divideCeil(info->outputChannels, tile.channels),
          target.cacheBytes);
      auto tiled = tileConvParallelDims(rewriter, *info, tile);
      if (failed(tiled))
        continue;
      if (!depthwiseQuads &&
          failed(tileConvReductionDims(rewriter, tiled->first, info->depthwise,
                                       tile.kernelColumnLoop, group)))
        continue;
      peelPartialTiles(rewriter, tiled->second);
    }
  }
  return groups;
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
/// bufferization to allocate. (The requantization's i64 arithmetic is
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
  populateForwardFullWritePatterns(patterns);
  populateEvenOddHighMulPatterns(patterns);
  return applyOrReport(func, std::move(patterns));
}

struct TileAndVectorizeConvsPass
    : qfold::impl::TileAndVectorizeConvsBase<TileAndVectorizeConvsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());
    std::optional<VectorTarget> cpuTarget = getVectorTargetForCPU(targetCpu);
    if (!cpuTarget) {
      func.emitError() << "qfold-tile-and-vectorize-convs: unknown x86 CPU '"
                       << targetCpu << "'";
      return signalPassFailure();
    }
    VectorTarget target = *cpuTarget;
    if (vectorLanes > 0)
      target.lanes = vectorLanes;
    if (vectorRegisters > 0)
      target.registers = vectorRegisters;
    if (cacheBytes > 0)
      target.cacheBytes = cacheBytes;
    // Channel groups for qfold-lower-{pair,quad}-dot-products (after
    // bufferization, which cannot see through the pair intrinsic's effects).
    fuseElementwiseChains(rewriter, func);
    llvm::SmallSetVector<int64_t, 2> groups =
        tileConvolutions(rewriter, func, target, int8Dot);
    tilePools(rewriter, func, target.lanes);
    if (failed(tileDataMovementAroundConvs(rewriter, func, target.lanes)) ||
        failed(makeTilesStatic(func)))
      return signalPassFailure();
    vectorizeDepthwiseQuadTiles(rewriter, func);
    if (failed(vectorize(rewriter, func)) ||
        failed(keepAccumulatorsInVectors(rewriter, func)))
      return signalPassFailure();
    // After the slices are folded: the filter reads are of the constant.
    for (int64_t group : groups)
      interleaveConstantFilterGroups(rewriter, func, group);
  }
};

} // namespace
