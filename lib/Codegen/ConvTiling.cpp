//===- ConvTiling.cpp - register-block tiling of NHWC convolutions --------===//
//
// The convolution's output (with its epilogue fused) is tiled over a
// register block of columns x channels; the kernel rows and input channels
// are then tiled so that each tile is a 1-D convolution, and partial tiles
// are peeled so that every tile has a static shape.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;

std::optional<ConvInfo> mlir::qfold::matchConv(Operation *op) {
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
  auto filterType = cast<ShapedType>(linalgOp.getDpsInputs()[1].getType());
  return ConvInfo{linalgOp,
                  depthwise,
                  outputType.getDimSize(2),
                  outputType.getDimSize(3),
                  isa<IntegerType>(outputType.getElementType()),
                  depthwise ? 1 : filterType.getDimSize(2),
                  filterType.getDimSize(1)};
}

/// The elementwise linalg.generic that is the convolution result's only user
/// and reads it with an identity map (the epilogue of convert-qfold-to-linalg).
linalg::GenericOp mlir::qfold::getConvEpilogue(linalg::LinalgOp conv) {
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

FailureOr<Value> mlir::qfold::writeEpilogueTile(RewriterBase &rewriter,
                                                linalg::GenericOp epilogue,
                                                Value whole, Value piece,
                                                ArrayRef<OpFoldResult> offsets,
                                                ArrayRef<OpFoldResult> sizes,
                                                Value result) {
  Location loc = epilogue.getLoc();
  SmallVector<OpFoldResult> strides(offsets.size(), rewriter.getIndexAttr(1));
  FailureOr<TilingResult> tiledEpilogue =
      cast<TilingInterface>(epilogue.getOperation())
          .getTiledImplementation(rewriter, offsets, sizes);
  if (failed(tiledEpilogue) || tiledEpilogue->tiledOps.size() != 1)
    return failure();
  Operation *tiled = tiledEpilogue->tiledOps.front();
  for (OpOperand &operand : tiled->getOpOperands()) {
    auto extract = operand.get().getDefiningOp<tensor::ExtractSliceOp>();
    if (!extract || extract.getSource() != whole)
      continue;
    rewriter.modifyOpInPlace(tiled, [&] { operand.set(piece); });
    if (extract->use_empty())
      rewriter.eraseOp(extract);
  }
  // The tile is written into the result so far (extract_slice then
  // insert_slice of one tensor, which bufferizes in place) rather than into
  // a slice of the epilogue's empty tensor, which would copy the whole
  // result at every insertion.
  OpOperand &tileInit = cast<linalg::LinalgOp>(tiled).getDpsInitsMutable()[0];
  rewriter.setInsertionPoint(tiled);
  Value resultTile = tensor::ExtractSliceOp::create(rewriter, loc, result,
                                                    offsets, sizes, strides);
  rewriter.modifyOpInPlace(tiled, [&] { tileInit.set(resultTile); });
  rewriter.setInsertionPointAfter(tiled);
  return tensor::InsertSliceOp::create(rewriter, loc,
                                       tiledEpilogue->tiledValues.front(),
                                       result, offsets, sizes, strides)
      .getResult();
}

/// Tiles `op` by `sizes` (0: not tiled) with scf.for loops and replaces it
/// by the tiled loops' results. Returns the tiling result, or failure.
FailureOr<scf::SCFTilingResult>
mlir::qfold::tileAndReplace(RewriterBase &rewriter, Operation *op,
                            ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (failed(tiled))
    return tiled;
  markParallelTileLoops(op, sizes, tiled->loops);
  rewriter.replaceOp(op, tiled->replacements);
  return tiled;
}

/// Tiles `info.op` (and its epilogue) over the register block. Returns the
/// tiled convolution and the loops over the block, or failure.
FailureOr<std::pair<Operation *, SmallVector<LoopLikeOpInterface>>>
mlir::qfold::tileConvParallelDims(RewriterBase &rewriter, ConvInfo info,
                                  const ConvRegisterTile &tile) {
  SmallVector<int64_t> parallel = {1, tile.rows, tile.columns, tile.channels};
  linalg::GenericOp epilogue = getConvEpilogue(info.op);
  if (!epilogue) {
    // Tile the convolution alone; its reduction dimensions stay whole.
    int64_t reductions = info.op.getNumLoops() - 4;
    parallel.append(reductions, 0);
    FailureOr<scf::SCFTilingResult> tiled =
        tileAndReplace(rewriter, info.op, parallel);
    if (failed(tiled))
      return failure();
    return std::make_pair(tiled->tiledOps.front(), tiled->loops);
  }

  Operation *conv = info.op;
  scf::SCFTileAndFuseOptions options;
  options.tilingOptions.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), parallel));
  // Loops n, h, w, f, or n, f, h, w.
  if (tile.channelBlocksOutermost)
    options.tilingOptions.setInterchange({0, 3, 1, 2});
  // Fuse the convolution and what computes its accumulator's start (a fill,
  // or a per-channel constant added to one: a border piece of a split
  // depthwise convolution), nothing above: the transposed and padded input
  // is computed once, not per tile.
  Value accumulator = cast<linalg::LinalgOp>(conv).getDpsInits()[0];
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        Operation *owner = producer.getOwner();
        if (owner == conv || isa<linalg::FillOp>(owner) ||
            (isa<linalg::GenericOp>(owner) &&
             accumulator.getDefiningOp() == owner))
          return scf::SCFTileAndFuseOptions::ControlFnResult{};
        return std::nullopt;
      });
  rewriter.setInsertionPoint(epilogue);
  FailureOr<scf::SCFTileAndFuseResult> fused =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(epilogue.getOperation()), options);
  if (failed(fused))
    return failure();
  // The elementwise epilogue's dimensions are all parallel.
  markParallelLoops(fused->loops);
  for (OpResult result : epilogue->getResults())
    if (Value replacement = fused->replacements.lookup(result))
      rewriter.replaceAllUsesWith(result, replacement);
  // Before peeling, a tile of a width the column tile does not divide has a
  // dynamic size: find the convolution by its kind, not by matchConv.
  Operation *tiledConv = nullptr;
  for (Operation *op : fused->tiledAndFusedOps)
    if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(op))
      tiledConv = op;
  if (!tiledConv)
    return failure();
  return std::make_pair(tiledConv, fused->loops);
}

/// Tiles the kernel rows to 1 (and the kernel columns, with
/// `kernelColumnLoop`) and the input channels of a regular convolution to
/// `channelStep`: with one output row per tile this makes the convolution
/// 1-D.
LogicalResult mlir::qfold::tileConvReductionDims(RewriterBase &rewriter,
                                                 Operation *conv,
                                                 bool depthwise,
                                                 bool kernelColumnLoop,
                                                 int64_t channelStep) {
  SmallVector<int64_t> sizes = {0, 0, 0, 0, 1, kernelColumnLoop ? 1 : 0};
  if (!depthwise)
    sizes.push_back(channelStep);
  return success(succeeded(tileAndReplace(rewriter, conv, sizes)));
}

/// Peels the last, partial iteration of every loop whose step does not
/// divide its extent, so that every tile has a static shape.
void mlir::qfold::peelPartialTiles(RewriterBase &rewriter,
                                   ArrayRef<LoopLikeOpInterface> loops) {
  for (LoopLikeOpInterface loop : loops) {
    auto forOp = dyn_cast<scf::ForOp>(loop.getOperation());
    if (!forOp)
      continue;
    scf::ForOp partial;
    (void)scf::peelForLoopAndSimplifyBounds(rewriter, forOp, partial);
  }
}
