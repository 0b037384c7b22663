//===- TileAndVectorizeConvs.cpp - register-blocked NHWC convolutions -----===//
//
// The CPU strategy for qfold's NHWC convolutions: tile the epilogue over a
// register block of output columns x output channels and fuse the
// convolution into it, tile the kernel rows and input channels (one, or a
// pair for integer dot products) so the convolution becomes 1-D, peel
// partial tiles, vectorize, and keep the accumulators in vectors from the
// reduction loops to the epilogue. The data movement around the
// convolutions (layout transposes, padding copies, elementwise sign flips and
// widenings) is tiled and vectorized here too.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/HostTarget.h"
#include "qfold/Codegen/Passes.h"
#include "qfold/Codegen/Patterns.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Matchers.h"
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
  /// Integer operands and accumulator (a quantized convolution).
  bool integer;
  /// The reduction's channel count (HWCF filter dimension 2).
  int64_t inputChannels;
  /// Kernel columns (filter dimension 1).
  int64_t kernelWidth;
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

/// Tiles `op` by `sizes` (0: not tiled) with scf.for loops and replaces it
/// by the tiled loops' results. Returns the tiling result, or failure.
FailureOr<scf::SCFTilingResult> tileAndReplace(RewriterBase &rewriter,
                                               Operation *op,
                                               ArrayRef<OpFoldResult> sizes) {
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), options);
  if (succeeded(tiled))
    rewriter.replaceOp(op, tiled->replacements);
  return tiled;
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
    FailureOr<scf::SCFTilingResult> tiled =
        tileAndReplace(rewriter, info.op, parallel);
    if (failed(tiled))
      return failure();
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

/// An output region [rows) x [columns) of a convolution.
struct OutputRegion {
  int64_t row, rows, column, columns;
};

/// A depthwise conv(pad(x)) with stride and dilation 1, computed as the
/// convolution of the unpadded x over the interior of the output (where no
/// tap reads the padding) and of small padded slices of x over the border
/// strips, each followed by its slice of the epilogue and inserted into the
/// result. The padded copy of x, a full pass over the input that costs as
/// much as a depthwise convolution itself, is then only made of the few
/// input rows and columns next to the border (W3 fp32: 305 -> 254 us).
/// Regular convolutions keep the copy: their compute dwarfs it, and their
/// one-column left and right strips run at a fraction of the interior's
/// speed (measured: W1 fp32 3120 -> 3810 us, W4 4510 -> 5900 us when
/// split). Returns the convolutions to tile (just `info`'s when it does not
/// apply).
SmallVector<Operation *> splitPaddedConv(RewriterBase &rewriter,
                                         const ConvInfo &info) {
  SmallVector<Operation *> whole = {info.op};
  linalg::LinalgOp conv = info.op;
  auto pad = conv.getDpsInputs()[0].getDefiningOp<tensor::PadOp>();
  linalg::GenericOp epilogue = getEpilogue(conv);
  if (!info.depthwise || !pad || !pad->hasOneUse() || !epilogue ||
      !pad.getConstantPaddingValue())
    return whole;
  auto hasUnitValues = [&](StringRef name) {
    auto values = conv->getAttrOfType<DenseIntElementsAttr>(name);
    return values && llvm::all_of(values.getValues<APInt>(),
                                  [](const APInt &v) { return v.isOne(); });
  };
  if (!hasUnitValues("strides") || !hasUnitValues("dilations"))
    return whole;
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  if (ShapedType::isDynamicShape(low) || ShapedType::isDynamicShape(high) ||
      low[0] || high[0] || low[3] || high[3])
    return whole;
  Value input = pad.getSource();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto outputType = cast<RankedTensorType>(conv->getResult(0).getType());
  auto filterType = cast<RankedTensorType>(conv.getDpsInputs()[1].getType());
  // Below a few hundred KiB the padded copy stays in cache and costs less
  // than compiling the border strips as convolutions of their own.
  constexpr int64_t kMinInputBytes = 256 << 10;
  if (inputType.getNumElements() * (inputType.getElementTypeBitWidth() / 8) <
      kMinInputBytes)
    return whole;
  int64_t height = inputType.getDimSize(1), width = inputType.getDimSize(2);
  int64_t kernelHeight = filterType.getDimSize(0),
          kernelWidth = filterType.getDimSize(1);
  int64_t outHeight = outputType.getDimSize(1),
          outWidth = outputType.getDimSize(2);
  // Output rows (columns) whose taps all read x itself.
  int64_t rowBegin = low[1], rowEnd = height - kernelHeight + 1 + low[1];
  int64_t colBegin = low[2], colEnd = width - kernelWidth + 1 + low[2];
  if (rowEnd <= rowBegin || colEnd <= colBegin)
    return whole;

  SmallVector<OutputRegion> regions = {
      {rowBegin, rowEnd - rowBegin, colBegin, colEnd - colBegin},
      {0, rowBegin, 0, outWidth},
      {rowEnd, outHeight - rowEnd, 0, outWidth},
      {rowBegin, rowEnd - rowBegin, 0, colBegin},
      {rowBegin, rowEnd - rowBegin, colEnd, outWidth - colEnd}};

  Location loc = conv.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(epilogue);
  Value result = epilogue.getDpsInits()[0];
  int64_t batch = outputType.getDimSize(0), channels = inputType.getDimSize(3),
          outChannels = outputType.getDimSize(3);
  Value padValue = pad.getConstantPaddingValue();
  Value init = conv.getDpsInits()[0];
  SmallVector<Operation *> pieces;
  for (const OutputRegion &region : regions) {
    if (region.rows <= 0 || region.columns <= 0)
      continue;
    // The padded input rows [row, row + rows + KH - 1) in x's coordinates,
    // clipped to x, and the padding that makes up the rest.
    int64_t firstRow = region.row - low[1],
            lastRow = region.row + region.rows + kernelHeight - 1 - low[1];
    int64_t firstCol = region.column - low[2],
            lastCol = region.column + region.columns + kernelWidth - 1 - low[2];
    int64_t rowLow = std::max<int64_t>(0, -firstRow),
            rowHigh = std::max<int64_t>(0, lastRow - height);
    int64_t colLow = std::max<int64_t>(0, -firstCol),
            colHigh = std::max<int64_t>(0, lastCol - width);
    firstRow = std::max<int64_t>(0, firstRow);
    lastRow = std::min(height, lastRow);
    firstCol = std::max<int64_t>(0, firstCol);
    lastCol = std::min(width, lastCol);
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, loc, input,
        getAsIndexOpFoldResult(ctx, {0, firstRow, firstCol, 0}),
        getAsIndexOpFoldResult(
            ctx, {batch, lastRow - firstRow, lastCol - firstCol, channels}),
        getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
    if (rowLow || rowHigh || colLow || colHigh) {
      auto paddedType = RankedTensorType::get(
          {batch, lastRow - firstRow + rowLow + rowHigh,
           lastCol - firstCol + colLow + colHigh, channels},
          inputType.getElementType());
      slice = tensor::PadOp::create(
          rewriter, loc, paddedType, slice,
          getAsIndexOpFoldResult(ctx, {0, rowLow, colLow, 0}),
          getAsIndexOpFoldResult(ctx, {0, rowHigh, colHigh, 0}), padValue);
    }
    SmallVector<OpFoldResult> offsets =
        getAsIndexOpFoldResult(ctx, {0, region.row, region.column, 0});
    SmallVector<OpFoldResult> sizes = getAsIndexOpFoldResult(
        ctx, {batch, region.rows, region.columns, outChannels});
    // A zero-filled accumulator is filled per piece (tiling fuses a fill
    // into the tiles, not a slice of one).
    Value pieceInit;
    if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
      Value empty = tensor::EmptyOp::create(
          rewriter, loc,
          ArrayRef<int64_t>{batch, region.rows, region.columns, outChannels},
          outputType.getElementType());
      pieceInit =
          linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], empty)
              .getResult(0);
    } else {
      pieceInit = tensor::ExtractSliceOp::create(
          rewriter, loc, init, offsets, sizes,
          getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
    }
    Operation *piece =
        clone(rewriter, conv, TypeRange{pieceInit.getType()},
              ValueRange{slice, conv.getDpsInputs()[1], pieceInit});
    FailureOr<TilingResult> tiledEpilogue =
        cast<TilingInterface>(epilogue.getOperation())
            .getTiledImplementation(rewriter, offsets, sizes);
    if (failed(tiledEpilogue) || tiledEpilogue->tiledOps.size() != 1)
      return whole; // (dead pieces are left to DCE)
    Operation *tiled = tiledEpilogue->tiledOps.front();
    for (OpOperand &operand : tiled->getOpOperands()) {
      auto extract = operand.get().getDefiningOp<tensor::ExtractSliceOp>();
      if (!extract || extract.getSource() != conv->getResult(0))
        continue;
      rewriter.modifyOpInPlace(tiled,
                               [&] { operand.set(piece->getResult(0)); });
      if (extract->use_empty())
        rewriter.eraseOp(extract);
    }
    // The tile is written into the result so far (extract_slice then
    // insert_slice of one tensor, which bufferizes in place) rather than
    // into a slice of the epilogue's empty tensor, which would copy the
    // whole result at every insertion.
    auto tiledLinalg = cast<linalg::LinalgOp>(tiled);
    OpOperand &tileInit = tiledLinalg.getDpsInitsMutable()[0];
    rewriter.setInsertionPoint(tiled);
    Value resultTile = tensor::ExtractSliceOp::create(
        rewriter, loc, result, offsets, sizes,
        getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
    rewriter.modifyOpInPlace(tiled, [&] { tileInit.set(resultTile); });
    rewriter.setInsertionPointAfter(tiled);
    result = tensor::InsertSliceOp::create(
        rewriter, loc, tiledEpilogue->tiledValues.front(), result, offsets,
        sizes, getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
    pieces.push_back(piece);
  }
  rewriter.replaceOp(epilogue, result);
  rewriter.eraseOp(conv);
  rewriter.eraseOp(pad);
  return pieces;
}

/// Tiles the kernel rows to 1 and the input channels of a regular
/// convolution to `channelStep`: with one output row per tile this makes the
/// convolution 1-D.
LogicalResult tileReductionDims(RewriterBase &rewriter, Operation *conv,
                                bool depthwise, int64_t channelStep) {
  SmallVector<int64_t> sizes = {0, 0, 0, 0, 1, 0};
  if (!depthwise)
    sizes.push_back(channelStep);
  return success(succeeded(tileAndReplace(
      rewriter, conv, indexAttrs(rewriter.getContext(), sizes))));
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

/// Tiles a layout transpose (the NCHW <-> NHWC boundary of the convolutions)
/// into `lanes` x `lanes` blocks over the output's innermost dimension and
/// the one that is innermost in the input, so that each block reads and
/// writes whole cache lines and vectorizes into a vector.transpose; the
/// loop lowering would otherwise read the input with a stride of H*W
/// elements, one cache miss per element. Returns the loops to peel.
SmallVector<LoopLikeOpInterface> tileTranspose(RewriterBase &rewriter,
                                               linalg::TransposeOp transpose,
                                               int64_t lanes) {
  auto type = dyn_cast<RankedTensorType>(transpose.getInit().getType());
  if (!type || !type.hasStaticShape() || type.getRank() < 2)
    return {};
  ArrayRef<int64_t> perm = transpose.getPermutation();
  int64_t rank = type.getRank();
  // The output dimension that reads the input's innermost dimension.
  int64_t fromInner = llvm::find(perm, rank - 1) - perm.begin();
  SmallVector<int64_t> sizes(rank, 1);
  sizes[rank - 1] = std::min(lanes, type.getDimSize(rank - 1));
  sizes[fromInner] = std::min(lanes, type.getDimSize(fromInner));
  FailureOr<scf::SCFTilingResult> tiled = tileAndReplace(
      rewriter, transpose, indexAttrs(rewriter.getContext(), sizes));
  if (failed(tiled))
    return {};
  return tiled->loops;
}

/// transfer_read(transfer_write(splat, t)) where the write covers all of the
/// static tensor t: the splat, whatever the read's rank. (Upstream forwards
/// a write to a read only with the same vector type; the accumulator's
/// zero-fill is written 4-D and read back 3-D.)
struct ForwardSplatFill : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto write = read.getBase().getDefiningOp<vector::TransferWriteOp>();
    auto tensorType = dyn_cast<RankedTensorType>(read.getBase().getType());
    if (!write || !tensorType || !tensorType.hasStaticShape() ||
        read.getMask() || write.getMask() ||
        write.getVectorType().getShape() != tensorType.getShape() ||
        !write.getPermutationMap().isMinorIdentity() ||
        !llvm::all_of(write.getIndices(), isZeroInteger))
      return failure();
    Attribute splat;
    if (!matchPattern(write.getVector(), m_Constant(&splat)) ||
        !isa<SplatElementsAttr>(splat))
      return failure();
    Attribute value = cast<SplatElementsAttr>(splat).getSplatValue<Attribute>();
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        read, DenseElementsAttr::get(read.getVectorType(), value));
    return success();
  }
};

/// True for an elementwise linalg.generic (identity maps, all parallel):
/// data movement such as the sign flip of u8 inputs or a widening.
bool isIdentityElementwise(linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  return generic && generic.getNumReductionLoops() == 0 &&
         llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); });
}

/// The sign extension of the i8 tensor `value` to i16, as an elementwise
/// linalg.generic (vectorized with the data movement below).
linalg::GenericOp createWidenToI16(RewriterBase &rewriter, Location loc,
                                   Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto wideType = type.clone(rewriter.getI16Type());
  Value init = tensor::EmptyOp::create(rewriter, loc, wideType.getShape(),
                                       rewriter.getI16Type());
  AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
  return linalg::GenericOp::create(
      rewriter, loc, wideType, value, init,
      ArrayRef<AffineMap>{identity, identity},
      SmallVector<utils::IteratorType>(type.getRank(),
                                       utils::IteratorType::parallel),
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value wide = arith::ExtSIOp::create(b, l, b.getI16Type(), args[0]);
        linalg::YieldOp::create(b, l, wide);
      });
}

/// Fuses the elementwise producer of `widen`'s input into it when `widen`
/// is its only user (the sign flip of u8 inputs): one pass that reads the
/// input and writes the i16 copy, instead of an i8 intermediate written and
/// read back.
void fuseElementwiseProducer(RewriterBase &rewriter, linalg::GenericOp widen) {
  OpOperand &narrow = widen->getOpOperand(0);
  auto producer = narrow.get().getDefiningOp<linalg::GenericOp>();
  if (!producer || !producer->hasOneUse() || !isIdentityElementwise(producer) ||
      !linalg::areElementwiseOpsFusable(&narrow))
    return;
  FailureOr<linalg::ElementwiseOpFusionResult> fused =
      linalg::fuseElementwiseOps(rewriter, &narrow);
  if (failed(fused))
    return;
  // (Placed where the widening was: the fusion may create it elsewhere.)
  rewriter.moveOpBefore(fused->fusedOp, widen);
  rewriter.replaceAllUsesWith(widen.getResult(0),
                              fused->replacements.lookup(widen.getResult(0)));
  rewriter.eraseOp(widen);
  rewriter.eraseOp(producer);
}

/// Replaces the i8 input of `conv` by its sign extension to i16. A padded
/// input is widened before the padding (then padded with the widened
/// value), so that the widening fuses with the elementwise op producing it.
void widenInputToI16(RewriterBase &rewriter, linalg::LinalgOp conv) {
  OpOperand &operand = conv->getOpOperand(0);
  auto type = cast<RankedTensorType>(operand.get().getType());
  if (!type.getElementType().isInteger(8))
    return;
  Location loc = conv.getLoc();
  auto pad = operand.get().getDefiningOp<tensor::PadOp>();
  Value padValue = pad ? pad.getConstantPaddingValue() : Value();
  linalg::GenericOp widen;
  if (pad && pad->hasOneUse() && padValue &&
      matchPattern(padValue, m_Constant())) {
    rewriter.setInsertionPoint(pad);
    widen = createWidenToI16(rewriter, loc, pad.getSource());
    Value widePadValue =
        arith::ExtSIOp::create(rewriter, loc, rewriter.getI16Type(), padValue);
    Value widePad = tensor::PadOp::create(
        rewriter, pad.getLoc(), type.clone(rewriter.getI16Type()),
        widen.getResult(0), pad.getMixedLowPad(), pad.getMixedHighPad(),
        widePadValue, pad.getNofold());
    rewriter.modifyOpInPlace(conv, [&] { operand.set(widePad); });
    rewriter.eraseOp(pad);
  } else {
    rewriter.setInsertionPoint(conv);
    widen = createWidenToI16(rewriter, loc, operand.get());
    rewriter.modifyOpInPlace(conv, [&] { operand.set(widen.getResult(0)); });
  }
  fuseElementwiseProducer(rewriter, widen);
}

/// Replaces a constant i8 filter of `conv` by the same values sign-extended
/// to `bits`, computed at compile time: the inner loop then loads filter
/// vectors as they are multiplied (i16 for the pair dot products, i32 for
/// widening multiplies), without extending them at every step.
void widenConstantFilter(RewriterBase &rewriter, linalg::LinalgOp conv,
                         unsigned bits) {
  OpOperand &operand = conv->getOpOperand(1);
  DenseIntElementsAttr values;
  if (!matchPattern(operand.get(), m_Constant(&values)) ||
      !values.getElementType().isInteger(8))
    return;
  IntegerType wideType = rewriter.getIntegerType(bits);
  auto wide =
      values.mapValues(wideType, [&](const APInt &v) { return v.sext(bits); });
  rewriter.setInsertionPoint(conv);
  Value constant =
      arith::ConstantOp::create(rewriter, conv.getLoc(), cast<TypedAttr>(wide));
  rewriter.modifyOpInPlace(conv, [&] { operand.set(constant); });
}

/// True if `index` is provably even: an even constant, or the induction
/// variable of a loop with an even lower bound and step (the reduction loop
/// over channel pairs).
bool isEvenIndex(Value index) {
  if (std::optional<int64_t> value = getConstantIntValue(index))
    return *value % 2 == 0;
  auto arg = dyn_cast<BlockArgument>(index);
  auto loop =
      arg ? dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp()) : nullptr;
  if (!loop || loop.getInductionVar() != arg)
    return false;
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  return lower && step && *lower % 2 == 0 && *step % 2 == 0;
}

/// The constant filter `filter` [..., C, F] (HWCF, or WCF once a kernel row
/// is folded away) re-laid as [..., C/2, 2F] with the rows of each input
/// channel pair interleaved: P[..., p, 2f + i] = W[..., 2p + i, f], the
/// (w0[f], w1[f]) pairs that vpmaddwd multiplies.
DenseIntElementsAttr interleaveChannelPairs(DenseIntElementsAttr filter) {
  auto type = cast<RankedTensorType>(filter.getType());
  int64_t rank = type.getRank();
  int64_t channels = type.getDimSize(rank - 2),
          outputs = type.getDimSize(rank - 1);
  int64_t rows = type.getNumElements() / (channels * outputs);
  SmallVector<APInt> values(filter.getValues<APInt>());
  SmallVector<APInt> interleaved(values.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t f = 0; f < outputs; ++f)
        interleaved[(r * channels + c - c % 2) * outputs + 2 * f + c % 2] =
            values[(r * channels + c) * outputs + f];
  SmallVector<int64_t> shape(type.getShape());
  shape[rank - 2] = channels / 2;
  shape[rank - 1] = 2 * outputs;
  return DenseIntElementsAttr::get(
      RankedTensorType::get(shape, type.getElementType()), interleaved);
}

/// Reads of channel pairs of a constant i16 filter,
///   transfer_read W[..., kw, c, f] : vector<A x 2 x B>, c even,
/// whose users take one kernel column each (vector.extract [k]), read the
/// filter re-laid by interleaveChannelPairs instead: one vector<2B> per
/// kernel column, already in the order vpmaddwd wants, where the original
/// layout costs qfold-lower-pair-dot-products two unpacks and two lane
/// permutes per step. Each column's vector<2 x B> is then
/// transpose(shape_cast(row : vector<2B> to vector<B x 2>)), which that pass
/// recognizes (and which is correct, if slower, for any other consumer).
void interleaveConstantFilterPairs(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<std::pair<vector::TransferReadOp, DenseIntElementsAttr>> reads;
  func.walk([&](vector::TransferReadOp read) {
    DenseIntElementsAttr values;
    VectorType vectorType = read.getVectorType();
    auto sourceType = dyn_cast<RankedTensorType>(read.getBase().getType());
    if (!sourceType || sourceType.getRank() < 3 ||
        !sourceType.getElementType().isInteger(16) ||
        sourceType.getDimSize(sourceType.getRank() - 2) % 2 != 0 ||
        vectorType.getRank() != 3 || vectorType.getDimSize(1) != 2 ||
        read.getMask() || !read.getPermutationMap().isMinorIdentity() ||
        llvm::any_of(read.getInBoundsValues(), [](bool b) { return !b; }) ||
        !matchPattern(read.getBase(), m_Constant(&values)) ||
        !isEvenIndex(read.getIndices()[sourceType.getRank() - 2]))
      return;
    if (!llvm::all_of(read->getUsers(), [](Operation *user) {
          auto extract = dyn_cast<vector::ExtractOp>(user);
          return extract && extract.getStaticPosition().size() == 1 &&
                 !ShapedType::isDynamic(extract.getStaticPosition()[0]);
        }))
      return;
    reads.emplace_back(read, values);
  });

  llvm::DenseMap<Value, Value> interleavedFilters;
  for (auto [read, values] : reads) {
    Value &pairs = interleavedFilters[read.getBase()];
    if (!pairs) {
      rewriter.setInsertionPointAfterValue(read.getBase());
      pairs = arith::ConstantOp::create(rewriter, read.getLoc(),
                                        interleaveChannelPairs(values));
    }
    rewriter.setInsertionPoint(read);
    Location loc = read.getLoc();
    VectorType vectorType = read.getVectorType();
    int64_t columns = vectorType.getDimSize(0),
            outputs = vectorType.getDimSize(2);
    int64_t rank = read.getIndices().size();
    Value two = arith::ConstantIndexOp::create(rewriter, loc, 2);
    SmallVector<Value> pairIndices(read.getIndices());
    pairIndices[rank - 2] =
        arith::DivUIOp::create(rewriter, loc, pairIndices[rank - 2], two);
    pairIndices[rank - 1] =
        arith::MulIOp::create(rewriter, loc, pairIndices[rank - 1], two);
    auto rowsType =
        VectorType::get({columns, 2 * outputs}, vectorType.getElementType());
    // Kernel columns along dimension rank - 3, interleaved pairs along the
    // last one.
    AffineMap columnsAndPairs =
        AffineMap::get(rank, 0,
                       {rewriter.getAffineDimExpr(rank - 3),
                        rewriter.getAffineDimExpr(rank - 1)},
                       rewriter.getContext());
    Value rows = vector::TransferReadOp::create(
        rewriter, loc, rowsType, pairs, pairIndices,
        AffineMapAttr::get(columnsAndPairs), read.getPadding(),
        /*mask=*/Value(), rewriter.getBoolArrayAttr({true, true}));
    for (Operation *user : llvm::make_early_inc_range(read->getUsers())) {
      auto extract = cast<vector::ExtractOp>(user);
      rewriter.setInsertionPoint(extract);
      Value row = vector::ExtractOp::create(rewriter, loc, rows,
                                            extract.getStaticPosition()[0]);
      Value columnsByPair = vector::ShapeCastOp::create(
          rewriter, loc,
          VectorType::get({outputs, 2}, vectorType.getElementType()), row);
      rewriter.replaceOpWithNewOp<vector::TransposeOp>(extract, columnsByPair,
                                                       ArrayRef<int64_t>{1, 0});
    }
    rewriter.eraseOp(read);
  }
}

/// Tiles an elementwise op or a copy into rows of its innermost dimension
/// (at most 256 elements), each vectorized as a whole. (Canonicalization
/// turns a copy's rows into slices; they bufferize into small memref.copy
/// ops that qfold-memref-copy-to-linalg vectorizes.) Returns the loops to
/// peel.
SmallVector<LoopLikeOpInterface> tileRows(RewriterBase &rewriter,
                                          linalg::LinalgOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getDpsInits()[0].getType());
  if (!type || !type.hasStaticShape() || type.getRank() < 1)
    return {};
  SmallVector<int64_t> sizes(type.getRank(), 1);
  sizes.back() = std::min<int64_t>(256, type.getShape().back());
  FailureOr<scf::SCFTilingResult> tiled =
      tileAndReplace(rewriter, op, indexAttrs(rewriter.getContext(), sizes));
  if (failed(tiled))
    return {};
  return tiled->loops;
}

/// Vectorizes the static linalg ops that tiling put inside loops.
void vectorizeTiles(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::LinalgOp> candidates;
  func.walk([&](linalg::LinalgOp op) {
    if (!op->getParentOfType<scf::ForOp>())
      return;
    if (!isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp,
             linalg::FillOp, linalg::GenericOp, linalg::TransposeOp,
             linalg::CopyOp>(op.getOperation()))
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

  /// The greedy driver gave up (a pattern kept changing the IR): say so,
  /// never fail silently.
  void reportNonConvergence(func::FuncOp func) {
    func.emitError("qfold-tile-and-vectorize-convs: rewrite patterns did not "
                   "converge on this function");
    signalPassFailure();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);

    VectorTarget target = detectHostVectorTarget();
    if (vectorLanes > 0)
      target.lanes = vectorLanes;
    if (vectorRegisters > 0)
      target.registers = vectorRegisters;
    if (int8Dot != "auto" && int8Dot != "pairs" && int8Dot != "widen") {
      emitError(func.getLoc()) << "int8-dot must be auto, pairs or widen, "
                                  "got '"
                               << int8Dot << "'";
      return signalPassFailure();
    }
    // Pairs of input channels for qfold-lower-pair-dot-products (after
    // bufferization, which cannot see through the intrinsic's effects).
    bool pairDot = int8Dot == "pairs" ||
                   (int8Dot == "auto" && target.usePairDotProducts());

    SmallVector<ConvInfo> convs;
    func.walk([&](Operation *op) {
      if (std::optional<ConvInfo> info = matchConv(op))
        convs.push_back(*info);
    });
    for (const ConvInfo &whole : convs) {
      bool pairs = pairDot && whole.integer && whole.inputChannels % 2 == 0;
      // Channel pairs read the input as i16: widened once here (and padded
      // in the same pass), each column's pair is then one 32-bit broadcast
      // load in the inner loop. Other convolutions read their input
      // unpadded where no tap reaches the padding.
      SmallVector<Operation *> pieces = {whole.op};
      if (pairs) {
        widenInputToI16(rewriter, whole.op);
        widenConstantFilter(rewriter, whole.op, 16);
      } else {
        if (whole.integer)
          widenConstantFilter(rewriter, whole.op, 32);
        pieces = splitPaddedConv(rewriter, whole);
      }
      for (Operation *piece : pieces) {
        std::optional<ConvInfo> info = matchConv(piece);
        if (!info)
          continue;
        ConvRegisterTile tile = chooseConvRegisterTile(
            info->outputWidth, info->outputChannels, info->kernelWidth,
            target.lanes, target.registers);
        auto tiled = tileParallelDims(rewriter, *info, tile);
        if (failed(tiled))
          continue;
        int64_t channelStep = pairs ? 2 : 1;
        if (failed(tileReductionDims(rewriter, tiled->first, info->depthwise,
                                     channelStep)))
          continue;
        peelPartialTiles(rewriter, tiled->second);
      }
    }

    // pad(x) as fill + insert_slice, so that eliminate-empty-tensors can
    // have x's producer (the boundary transpose) write straight into the
    // padded buffer instead of a copy of it; an x that is a function
    // argument (NHWC boundary) is copied in by a linalg.copy tiled below.
    {
      RewritePatternSet patterns(ctx);
      patterns.add<linalg::DecomposePadOpPattern>(ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return reportNonConvergence(func);
    }
    SmallVector<tensor::InsertSliceOp> argumentInserts;
    func.walk([&](tensor::InsertSliceOp op) {
      if (isa<BlockArgument>(op.getSource()) &&
          !op->getParentOfType<scf::ForOp>() &&
          op.getSourceType().hasStaticShape())
        argumentInserts.push_back(op);
    });
    for (tensor::InsertSliceOp op : argumentInserts) {
      rewriter.setInsertionPoint(op);
      Value slice = tensor::ExtractSliceOp::create(
          rewriter, op.getLoc(), op.getSourceType(), op.getDest(),
          op.getMixedOffsets(), op.getMixedSizes(), op.getMixedStrides());
      Value copy =
          linalg::CopyOp::create(rewriter, op.getLoc(), op.getSource(), slice)
              .getResult(0);
      rewriter.modifyOpInPlace(op, [&] { op.getSourceMutable().assign(copy); });
    }

    // Layout transposes and copies outside the tiles (the function's NCHW
    // boundary, filters re-laid at run time, padded NHWC arguments).
    SmallVector<linalg::LinalgOp> dataMovement;
    func.walk([&](linalg::LinalgOp op) {
      if ((isa<linalg::TransposeOp, linalg::CopyOp>(op.getOperation()) ||
           isIdentityElementwise(op)) &&
          !op->getParentOfType<scf::ForOp>() && op.hasPureTensorSemantics())
        dataMovement.push_back(op);
    });
    for (linalg::LinalgOp op : dataMovement) {
      if (auto transpose = dyn_cast<linalg::TransposeOp>(op.getOperation()))
        peelPartialTiles(rewriter,
                         tileTranspose(rewriter, transpose, target.lanes));
      else
        peelPartialTiles(rewriter, tileRows(rewriter, op));
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
        return reportNonConvergence(func);
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
        return reportNonConvergence(func);
    }

    // Keep accumulators in vectors across the reduction loops: hoist the
    // loop-invariant slices and transfers, innermost loops first.
    func.walk([&](scf::ForOp loop) {
      hoistLoopInvariantSubsets(rewriter,
                                cast<LoopLikeOpInterface>(loop.getOperation()));
    });

    // The accumulators leave the reduction loops as vectors, but through a
    // write into a slice of the tile's empty tensor and a read back by the
    // epilogue: fold the slices into the transfers so the read forwards the
    // vector and no tile buffer is left for bufferization to allocate.
    {
      RewritePatternSet patterns(ctx);
      tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
      tensor::populateFoldTensorSubsetOpPatterns(patterns);
      scf::ForOp::getCanonicalizationPatterns(patterns, ctx);
      vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
      vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
      patterns.add<ForwardSplatFill>(ctx);
      populateEvenOddHighMulPatterns(patterns);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return reportNonConvergence(func);
    }

    // (After the slices are folded: the filter reads are of the constant.)
    if (pairDot)
      interleaveConstantFilterPairs(rewriter, func);
  }
};

} // namespace
