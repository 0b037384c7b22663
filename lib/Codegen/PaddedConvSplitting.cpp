//===- PaddedConvSplitting.cpp - depthwise convs without a padded copy ----===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include <array>

using namespace mlir;
using namespace mlir::qfold;

namespace {
/// An output region [rows) x [columns) of a convolution, and the kernel
/// taps [tapRow, tapRow + tapRows) x [tapColumn, tapColumn + tapColumns) it
/// computes with.
struct OutputRegion {
  int64_t row, rows, column, columns;
  int64_t tapRow, tapRows, tapColumn, tapColumns;
};

/// The output rows (or columns) [0, size) of a convolution of a kernel of
/// `kernel` taps over an input of `extent` padded by `low` before, in
/// classes whose outputs all read the input through the same taps: each
/// border row alone, the interior [begin, end) as one. Returns {first,
/// count, first tap, taps} per class, or nothing when an output reads only
/// padding.
std::optional<SmallVector<std::array<int64_t, 4>>>
getTapClasses(int64_t size, int64_t extent, int64_t kernel, int64_t low,
              int64_t begin, int64_t end) {
  SmallVector<std::array<int64_t, 4>> classes;
  auto addRow = [&](int64_t r) {
    int64_t first = std::max<int64_t>(0, low - r);
    int64_t last = std::min(kernel, extent + low - r);
    if (last <= first)
      return false;
    classes.push_back({r, 1, first, last - first});
    return true;
  };
  for (int64_t r = 0; r < begin; ++r)
    if (!addRow(r))
      return std::nullopt;
  classes.push_back({begin, end - begin, 0, kernel});
  for (int64_t r = end; r < size; ++r)
    if (!addRow(r))
      return std::nullopt;
  return classes;
}

/// `init` (a piece's filled accumulator) plus, per channel, what the taps
/// outside `region`'s read of a depthwise `filter` ([KH, KW, C]) would have
/// added from padding of value `pad`: sum of pad * w over those taps, in the
/// accumulator's wrapping integers. `init` itself when they add nothing.
Value addSkippedTaps(RewriterBase &rewriter, Location loc, Value init,
                     const OutputRegion &region, DenseIntElementsAttr filter,
                     const APInt &pad) {
  auto initType = cast<RankedTensorType>(init.getType());
  unsigned width = initType.getElementTypeBitWidth();
  ArrayRef<int64_t> shape = filter.getType().getShape();
  int64_t kernelHeight = shape[0], kernelWidth = shape[1], channels = shape[2];
  SmallVector<APInt> sums(channels, APInt(width, 0));
  APInt padValue = pad.sextOrTrunc(width);
  auto values = filter.getValues<APInt>();
  bool any = false;
  for (int64_t kh = 0; kh < kernelHeight; ++kh) {
    for (int64_t kw = 0; kw < kernelWidth; ++kw) {
      bool read = kh >= region.tapRow && kh < region.tapRow + region.tapRows &&
                  kw >= region.tapColumn &&
                  kw < region.tapColumn + region.tapColumns;
      if (read)
        continue;
      for (int64_t c = 0; c < channels; ++c) {
        APInt w =
            values[(kh * kernelWidth + kw) * channels + c].sextOrTrunc(width);
        sums[c] += padValue * w;
        any |= !sums[c].isZero();
      }
    }
  }
  if (!any)
    return init;
  auto sumType = RankedTensorType::get({channels}, initType.getElementType());
  Value sum = arith::ConstantOp::create(rewriter, loc,
                                        DenseElementsAttr::get(sumType, sums));
  MLIRContext *ctx = rewriter.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(4, ctx);
  AffineMap perChannel = AffineMap::get(4, 0, getAffineDimExpr(3, ctx), ctx);
  return linalg::GenericOp::create(
             rewriter, loc, initType, ValueRange{sum}, ValueRange{init},
             ArrayRef<AffineMap>{perChannel, identity},
             SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
             [](OpBuilder &b, Location nested, ValueRange args) {
               Value total = arith::AddIOp::create(b, nested, args[1], args[0]);
               linalg::YieldOp::create(b, nested, total);
             })
      .getResult(0);
}

} // namespace

// A depthwise conv(pad(x)) with stride and dilation 1, computed as the
// convolution of the unpadded x over the interior of the output (where no
// tap reads the padding) and, over the border, either each border row,
// column and corner with the taps that read x alone, on a slice of x and of
// the filter (zero padding; or integer padding with a constant filter, the
// piece's accumulator then starting from what the padded taps add), or
// (other padding) the border strips on small padded slices of x; each piece
// is followed by its slice of the epilogue and inserted into the result.
// The padded copy of x, a full pass over the input that costs as much as a
// depthwise convolution itself, is then not made at all, or only of the few
// input rows and columns next to the border (W3 fp32: 305 -> 254 us with
// padded strips; 143 -> ~110 us with the taps skipped, on Zen 5). Regular
// convolutions keep the copy: their compute dwarfs it, and their one-column
// left and right strips run at a fraction of the interior's speed
// (measured: W1 fp32 3120 -> 3810 us, W4 4510 -> 5900 us when split).
// Returns the convolutions to tile (just `info`'s when it does not apply).
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

  // With a zero padding value the taps that read the padding add nothing:
  // each border region computes with the taps that read x alone, on a
  // slice of x (no padded copy at all; W3 fp32 ~143 -> ~110 us on Zen 5).
  Value padValue = pad.getConstantPaddingValue();
  bool zeroPadding = matchPattern(padValue, m_AnyZeroFloat()) ||
                     matchPattern(padValue, m_Zero());
  // An integer padding value p (a quantized input's zero point) with a
  // constant filter and a filled accumulator: the taps that read the
  // padding add p * w, a constant per channel that each border piece's
  // accumulator starts from (exact in wrapping integers, where reordering
  // float sums would not be).
  Value init = conv.getDpsInits()[0];
  Value filter = conv.getDpsInputs()[1];
  APInt integerPad;
  DenseIntElementsAttr constantFilter;
  bool integerPadding = !zeroPadding &&
                        matchPattern(padValue, m_ConstantInt(&integerPad)) &&
                        matchPattern(filter, m_Constant(&constantFilter)) &&
                        init.getDefiningOp<linalg::FillOp>() &&
                        isa<IntegerType>(outputType.getElementType());
  SmallVector<OutputRegion> regions;
  if (zeroPadding || integerPadding) {
    auto rows = getTapClasses(outHeight, height, kernelHeight, low[1], rowBegin,
                              rowEnd);
    auto cols =
        getTapClasses(outWidth, width, kernelWidth, low[2], colBegin, colEnd);
    if (!rows || !cols)
      return whole;
    // The interior first, then the border regions.
    for (bool interior : {true, false})
      for (const std::array<int64_t, 4> &r : *rows)
        for (const std::array<int64_t, 4> &c : *cols)
          if ((r[0] == rowBegin && c[0] == colBegin) == interior)
            regions.push_back({r[0], r[1], c[0], c[1], r[2], r[3], c[2], c[3]});
  } else {
    auto whole = [&](int64_t row, int64_t rows, int64_t column,
                     int64_t columns) {
      return OutputRegion{row, rows,         column, columns,
                          0,   kernelHeight, 0,      kernelWidth};
    };
    regions = {whole(rowBegin, rowEnd - rowBegin, colBegin, colEnd - colBegin),
               whole(0, rowBegin, 0, outWidth),
               whole(rowEnd, outHeight - rowEnd, 0, outWidth),
               whole(rowBegin, rowEnd - rowBegin, 0, colBegin),
               whole(rowBegin, rowEnd - rowBegin, colEnd, outWidth - colEnd)};
  }

  Location loc = conv.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(epilogue);
  Value result = epilogue.getDpsInits()[0];
  int64_t batch = outputType.getDimSize(0), channels = inputType.getDimSize(3),
          outChannels = outputType.getDimSize(3);
  SmallVector<Operation *> pieces;
  for (const OutputRegion &region : regions) {
    if (region.rows <= 0 || region.columns <= 0)
      continue;
    // The padded input rows [row + tapRow, row + rows + tapRow + tapRows -
    // 1) in x's coordinates, clipped to x, and the padding that makes up
    // the rest (none when the taps read x alone).
    int64_t firstRow = region.row + region.tapRow - low[1],
            lastRow = region.row + region.rows + region.tapRow +
                      region.tapRows - 1 - low[1];
    int64_t firstCol = region.column + region.tapColumn - low[2],
            lastCol = region.column + region.columns + region.tapColumn +
                      region.tapColumns - 1 - low[2];
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
    if (integerPadding)
      pieceInit = addSkippedTaps(rewriter, loc, pieceInit, region,
                                 constantFilter, integerPad);
    Value pieceFilter = filter;
    if (region.tapRows != kernelHeight || region.tapColumns != kernelWidth)
      pieceFilter = tensor::ExtractSliceOp::create(
          rewriter, loc, filter,
          getAsIndexOpFoldResult(ctx, {region.tapRow, region.tapColumn, 0}),
          getAsIndexOpFoldResult(ctx, {region.tapRows, region.tapColumns,
                                       filterType.getDimSize(2)}),
          getAsIndexOpFoldResult(ctx, {1, 1, 1}));
    Operation *piece = clone(rewriter, conv, TypeRange{pieceInit.getType()},
                             ValueRange{slice, pieceFilter, pieceInit});
    FailureOr<Value> written =
        writeEpilogueTile(rewriter, epilogue, conv->getResult(0),
                          piece->getResult(0), offsets, sizes, result);
    if (failed(written))
      return whole; // (dead pieces are left to DCE)
    result = *written;
    pieces.push_back(piece);
  }
  rewriter.replaceOp(epilogue, result);
  rewriter.eraseOp(conv);
  rewriter.eraseOp(pad);
  return pieces;
}
