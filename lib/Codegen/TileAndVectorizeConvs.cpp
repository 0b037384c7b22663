//===- TileAndVectorizeConvs.cpp - register-blocked NHWC convolutions -----===//
//
// The CPU strategy for qfold's NHWC convolutions: tile the epilogue over a
// register block of output columns x output channels and fuse the
// convolution into it, tile the kernel rows and input channels to 1 so the
// convolution becomes 1-D, peel partial tiles, vectorize, and keep the
// accumulators in vectors across the reduction loops.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/HostTarget.h"
#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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

/// A convolution the strategy handles.
struct ConvInfo {
  linalg::LinalgOp op;
  bool depthwise;
  int64_t outputWidth;
  int64_t outputChannels;
};

std::optional<ConvInfo> matchConv(Operation *op) {
  bool depthwise = isa<linalg::DepthwiseConv2DNhwcHwcOp>(op);
  if (!depthwise && !isa<linalg::Conv2DNhwcHwcfOp>(op))
    return std::nullopt;
  auto linalgOp = cast<linalg::LinalgOp>(op);
  auto outputType =
      dyn_cast<RankedTensorType>(linalgOp.getDpsInits()[0].getType());
  if (!outputType || !outputType.hasStaticShape() ||
      llvm::any_of(linalgOp->getOperandTypes(), [](Type t) {
        return !cast<ShapedType>(t).hasStaticShape();
      }))
    return std::nullopt;
  return ConvInfo{linalgOp, depthwise, outputType.getDimSize(2),
                  outputType.getDimSize(3)};
}

/// The elementwise linalg.generic that is the convolution result's only user
/// and reads it with an identity map (the epilogue of convert-qfold-to-linalg).
linalg::GenericOp getEpilogue(linalg::LinalgOp conv) {
  Value result = conv->getResult(0);
  if (!result.hasOneUse())
    return nullptr;
  OpOperand &use = *result.getUses().begin();
  auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!generic || generic.getNumLoops() != 4 ||
      generic.getNumReductionLoops() != 0 || !generic.isDpsInput(&use) ||
      !generic.getMatchingIndexingMap(&use).isIdentity() ||
      !generic.getIndexingMapsArray().back().isIdentity())
    return nullptr;
  return generic;
}

SmallVector<OpFoldResult> indexAttrs(MLIRContext *ctx,
                                     ArrayRef<int64_t> values) {
  return getAsIndexOpFoldResult(ctx, values);
}

/// Tiles `info.op` (and its epilogue) over the register block. Returns the
/// tiled convolution and the loops over the block, or failure.
FailureOr<std::pair<Operation *, SmallVector<LoopLikeOpInterface>>>
tileParallelDims(RewriterBase &rewriter, ConvInfo info,
                 const ConvRegisterTile &tile) {
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<OpFoldResult> parallel =
      indexAttrs(ctx, {1, 1, tile.columns, tile.channels});
  linalg::GenericOp epilogue = getEpilogue(info.op);
  if (!epilogue) {
    // Tile the convolution alone; its reduction dimensions stay whole.
    int64_t reductions = info.op.getNumLoops() - 4;
    parallel.append(reductions, rewriter.getIndexAttr(0));
    scf::SCFTilingOptions options;
    options.setTileSizes(parallel);
    rewriter.setInsertionPoint(info.op);
    FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
        rewriter, cast<TilingInterface>(info.op.getOperation()), options);
    if (failed(tiled))
      return failure();
    rewriter.replaceOp(info.op, tiled->replacements);
    return std::make_pair(tiled->tiledOps.front(), tiled->loops);
  }

  Operation *conv = info.op;
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(parallel);
  // Fuse the convolution and the fill of its accumulator, nothing above:
  // the transposed and padded input is computed once, not per tile.
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *owner = producer.getOwner();
        if (owner == conv || isa<linalg::FillOp>(owner))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  rewriter.setInsertionPoint(epilogue);
  FailureOr<scf::SCFTileAndFuseResult> fused =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(epilogue.getOperation()), options);
  if (failed(fused))
    return failure();
  for (OpResult result : epilogue->getResults())
    if (Value replacement = fused->replacements.lookup(result))
      rewriter.replaceAllUsesWith(result, replacement);
  Operation *tiledConv = nullptr;
  for (Operation *op : fused->tiledAndFusedOps)
    if (matchConv(op))
      tiledConv = op;
  if (!tiledConv)
    return failure();
  return std::make_pair(tiledConv, fused->loops);
}

/// Tiles the kernel rows (and input channels of a regular convolution) to 1:
/// with one output row per tile this makes the convolution 1-D.
LogicalResult tileReductionDims(RewriterBase &rewriter, Operation *conv,
                                bool depthwise) {
  SmallVector<int64_t> sizes = {0, 0, 0, 0, 1, 0};
  if (!depthwise)
    sizes.push_back(1);
  scf::SCFTilingOptions options;
  options.setTileSizes(indexAttrs(rewriter.getContext(), sizes));
  rewriter.setInsertionPoint(conv);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(conv), options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(conv, tiled->replacements);
  return success();
}

/// Peels the last, partial iteration of every loop whose step does not
/// divide its extent, so that every tile has a static shape.
void peelPartialTiles(RewriterBase &rewriter,
                      ArrayRef<LoopLikeOpInterface> loops) {
  for (LoopLikeOpInterface loop : loops) {
    auto forOp = dyn_cast<scf::ForOp>(loop.getOperation());
    if (!forOp)
      continue;
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(rewriter, forOp, partial);
  }
}

/// Vectorizes the static linalg ops that tiling put inside loops.
void vectorizeTiles(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::LinalgOp> candidates;
  func.walk([&](linalg::LinalgOp op) {
    if (!op->getParentOfType<scf::ForOp>())
      return;
    if (!isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp,
             linalg::FillOp, linalg::GenericOp>(op.getOperation()))
      return;
    if (llvm::any_of(op->getOperandTypes(), [](Type t) {
          auto shaped = dyn_cast<ShapedType>(t);
          return shaped && !shaped.hasStaticShape();
        }))
      return;
    candidates.push_back(op);
  });
  for (linalg::LinalgOp op : candidates) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> result =
        linalg::vectorize(rewriter, op);
    if (succeeded(result))
      rewriter.replaceOp(op, result->replacements);
  }
}

struct TileAndVectorizeConvsPass
    : qfold::impl::TileAndVectorizeConvsBase<TileAndVectorizeConvsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    VectorTarget target = detectHostVectorTarget();
    if (vectorLanes > 0)
      target.lanes = vectorLanes;
    if (vectorRegisters > 0)
      target.registers = vectorRegisters;

    SmallVector<ConvInfo> convs;
    func.walk([&](Operation *op) {
      if (std::optional<ConvInfo> info = matchConv(op))
        convs.push_back(*info);
    });
    for (const ConvInfo &info : convs) {
      ConvRegisterTile tile =
          chooseConvRegisterTile(info.outputWidth, info.outputChannels,
                                 target.lanes, target.accumulatorRegisters());
      auto tiled = tileParallelDims(rewriter, info, tile);
      if (failed(tiled))
        continue;
      if (failed(tileReductionDims(rewriter, tiled->first, info.depthwise)))
        continue;
      peelPartialTiles(rewriter, tiled->second);
    }

    // Canonicalization turns the sizes peeling made constant into static
    // tile types; 2-D convolutions of one output row and one kernel row
    // become 1-D.
    {
      RewritePatternSet patterns(ctx);
      linalg::populateDecomposeConvolutionPatterns(patterns);
      for (Dialect *dialect : ctx->getLoadedDialects())
        dialect->getCanonicalizationPatterns(patterns);
      for (RegisteredOperationName op : ctx->getRegisteredOperations())
        op.getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

    vectorizeTiles(rewriter, func);

    {
      RewritePatternSet patterns(ctx);
      vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
      vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
      tensor::InsertSliceOp::getCanonicalizationPatterns(patterns, ctx);
      vector::populateVectorTransferDropUnitDimsPatterns(patterns);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return signalPassFailure();
    }

    // Keep accumulators in vectors across the reduction loops: hoist the
    // loop-invariant slices and transfers, innermost loops first.
    func.walk([&](scf::ForOp loop) {
      hoistLoopInvariantSubsets(rewriter,
                                cast<LoopLikeOpInterface>(loop.getOperation()));
    });
  }
};

} // namespace
