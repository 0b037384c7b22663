//===- PaddedConvSplitting.cpp - depthwise convs without a padded copy ----===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {
/// An output region [rows) x [columns) of a convolution.
struct OutputRegion {
  int64_t row, rows, column, columns;
};

} // namespace

// A depthwise conv(pad(x)) with stride and dilation 1, computed as the
// convolution of the unpadded x over the interior of the output (where no
// tap reads the padding) and of small padded slices of x over the border
// strips, each followed by its slice of the epilogue and inserted into the
// result. The padded copy of x, a full pass over the input that costs as
// much as a depthwise convolution itself, is then only made of the few
// input rows and columns next to the border (W3 fp32: 305 -> 254 us).
// Regular convolutions keep the copy: their compute dwarfs it, and their
// one-column left and right strips run at a fraction of the interior's
// speed (measured: W1 fp32 3120 -> 3810 us, W4 4510 -> 5900 us when
// split). Returns the convolutions to tile (just `info`'s when it does not
// apply).
SmallVector<Operation *>
mlir::qfold::splitPaddedDepthwiseConv(RewriterBase &rewriter,
                                      const ConvInfo &info) {
  SmallVector<Operation *> whole = {info.op};
  linalg::LinalgOp conv = info.op;
  auto pad = conv.getDpsInputs()[0].getDefiningOp<tensor::PadOp>();
  linalg::GenericOp epilogue = getConvEpilogue(conv);
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
