//===- DepthwiseQuadTiles.cpp - int8 depthwise tiles on kernel-row quads --===//
//
// A depthwise convolution reduces no input channels, so the regular
// convolutions' quads (four input channels per vpdpbusd) do not apply, and
// a tile widened to i32 costs a multiply and an add per tap and vector of
// channels. Here the quads are the kernel rows instead: each input column's
// bytes of (up to four) input rows are interleaved per channel, and each
// kernel column is one quad_dot against the filter's rows interleaved the
// same way. A 3x3 output vector then costs three quad_dots, plus the
// interleaving of each input column once. A tile of two output rows (stride
// and dilation 1 over rows, at most three kernel rows) interleaves the input
// rows both read (the kernel rows and the one below): the first row's
// filter quads hold the kernel rows from byte 0, the second row's from byte
// 1, so each input column is interleaved once for two output vectors.
//
// quad_dot reads its left operand unsigned: the signed input bytes are
// flipped (x ^ 0x80 = x + 128) and the accumulators start 128 * sum(w)
// lower, both exact.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Transforms.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// A static tile of an int8 depthwise convolution the rewrite takes: one
/// output row of at most 16 columns and 16 channels and at most four kernel
/// rows, or two such rows that share their input rows' quads; i8 input and
/// filter, i32 accumulator.
struct DepthwiseQuadTile {
  int64_t rows, kernelRows, kernelColumns, columns, channels;
  int64_t strideW, dilationH, dilationW;

  static std::optional<DepthwiseQuadTile>
  match(linalg::DepthwiseConv2DNhwcHwcOp op) {
    auto input = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
    auto filter = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
    auto output = dyn_cast<RankedTensorType>(op.getDpsInits()[0].getType());
    if (!input || !filter || !output || !input.hasStaticShape() ||
        !filter.hasStaticShape() || !output.hasStaticShape() ||
        !input.getElementType().isInteger(8) ||
        !filter.getElementType().isInteger(8) ||
        !output.getElementType().isInteger(32))
      return std::nullopt;
    ArrayRef<int64_t> shape = output.getShape();
    auto strides = llvm::to_vector(op.getStrides().getValues<int64_t>());
    auto dilations = llvm::to_vector(op.getDilations().getValues<int64_t>());
    int64_t kernelRows = filter.getDimSize(0);
    bool sharedRows =
        shape[1] == 2 &&
        depthwiseRowsShareQuads(strides[0], dilations[0], kernelRows);
    if (shape[0] != 1 || (shape[1] != 1 && !sharedRows) || shape[2] > 16 ||
        shape[3] > 16 || kernelRows > 4)
      return std::nullopt;
    return DepthwiseQuadTile{shape[1],     kernelRows,  filter.getDimSize(1),
                             shape[2],     shape[3],    strides[1],
                             dilations[0], dilations[1]};
  }
};

/// Emits the vector code of one tile and replaces `op` by it.
class DepthwiseQuadEmitter {
public:
  DepthwiseQuadEmitter(RewriterBase &rewriter,
                       linalg::DepthwiseConv2DNhwcHwcOp op,
                       const DepthwiseQuadTile &tile)
      : rewriter(rewriter), op(op), tile(tile), loc(op.getLoc()),
        bytes(VectorType::get({tile.channels}, rewriter.getI8Type())),
        lanes(VectorType::get({tile.channels}, rewriter.getI32Type())),
        quads(VectorType::get({4 * tile.channels}, rewriter.getI8Type())) {}

  void emit() {
    rewriter.setInsertionPoint(op);
    Value input = op.getDpsInputs()[0], filter = op.getDpsInputs()[1];
    Value init = op.getDpsInits()[0];

    // The filter's kernel rows interleaved, one quad vector per output row
    // and kernel column (the second row's one byte up), and what the flip
    // adds: 128 * sum(w) per channel, the same for both rows.
    SmallVector<SmallVector<Value>> filterQuads(tile.rows);
    Value flipped = constant(quads, rewriter.getI8IntegerAttr(-128));
    Value correction = constant(lanes, rewriter.getI32IntegerAttr(0));
    for (int64_t kw = 0; kw < tile.kernelColumns; ++kw) {
      SmallVector<Value> rows;
      for (int64_t kh = 0; kh < tile.kernelRows; ++kh)
        rows.push_back(readBytes(filter, {kh, kw, 0}));
      filterQuads[0].push_back(interleave(rows, /*flip=*/false));
      correction = QuadDotOp::create(rewriter, loc, lanes, correction, flipped,
                                     filterQuads[0].back());
      if (tile.rows == 2) {
        rows.insert(rows.begin(),
                    constant(bytes, rewriter.getI8IntegerAttr(0)));
        filterQuads[1].push_back(interleave(rows, /*flip=*/false));
      }
    }

    auto accType = VectorType::get({tile.rows, tile.columns, tile.channels},
                                   rewriter.getI32Type());
    auto accMap = AffineMap::getMinorIdentityMap(4, 3, rewriter.getContext());
    ArrayAttr inBounds = rewriter.getBoolArrayAttr({true, true, true});
    Value accumulators = vector::TransferReadOp::create(
        rewriter, loc, accType, init, indices({0, 0, 0, 0}),
        AffineMapAttr::get(accMap),
        arith::ConstantIntOp::create(rewriter, loc, 0, 32), /*mask=*/Value(),
        inBounds);
    // One subtraction for the whole tile: the start is usually the same
    // for every column (a bias broadcast), and LLVM then computes it once.
    Value start = arith::SubIOp::create(
        rewriter, loc, accumulators,
        vector::BroadcastOp::create(rewriter, loc, accType, correction));
    SmallVector<SmallVector<Value>> acc(tile.rows);
    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t j = 0; j < tile.columns; ++j)
        acc[r].push_back(vector::ExtractOp::create(rewriter, loc, start,
                                                   ArrayRef<int64_t>{r, j}));

    // Input columns in order, each interleaved once and used by every
    // (output column, kernel column) that reads it.
    int64_t inputColumns = (tile.columns - 1) * tile.strideW +
                           (tile.kernelColumns - 1) * tile.dilationW + 1;
    for (int64_t column = 0; column < inputColumns; ++column) {
      Value columnQuads;
      for (int64_t kw = 0; kw < tile.kernelColumns; ++kw) {
        int64_t offset = column - kw * tile.dilationW;
        if (offset < 0 || offset % tile.strideW != 0 ||
            offset / tile.strideW >= tile.columns)
          continue;
        if (!columnQuads) {
          // Two rows read the kernel rows and the one below them.
          SmallVector<Value> rows;
          for (int64_t kh = 0; kh < tile.kernelRows + tile.rows - 1; ++kh)
            rows.push_back(
                readBytes(input, {0, kh * tile.dilationH, column, 0}));
          columnQuads = interleave(rows, /*flip=*/true);
        }
        int64_t j = offset / tile.strideW;
        for (int64_t r = 0; r < tile.rows; ++r)
          acc[r][j] = QuadDotOp::create(rewriter, loc, lanes, acc[r][j],
                                        columnQuads, filterQuads[r][kw]);
      }
    }

    for (int64_t r = 0; r < tile.rows; ++r)
      for (int64_t j = 0; j < tile.columns; ++j)
        accumulators = vector::InsertOp::create(
            rewriter, loc, acc[r][j], accumulators, ArrayRef<int64_t>{r, j});
    Value result = vector::TransferWriteOp::create(
                       rewriter, loc, accumulators, init, indices({0, 0, 0, 0}),
                       AffineMapAttr::get(accMap), /*mask=*/Value(), inBounds)
                       .getResult();
    rewriter.replaceOp(op, result);
  }

private:
  Value constant(VectorType type, Attribute value) {
    return arith::ConstantOp::create(rewriter, loc,
                                     DenseElementsAttr::get(type, value));
  }

  SmallVector<Value> indices(ArrayRef<int64_t> values) {
    SmallVector<Value> result;
    for (int64_t v : values)
      result.push_back(arith::ConstantIndexOp::create(rewriter, loc, v));
    return result;
  }

  /// The tile's channels at `at` (the channels last) of `source`.
  Value readBytes(Value source, ArrayRef<int64_t> at) {
    auto rank = cast<ShapedType>(source.getType()).getRank();
    AffineMap channels = AffineMap::get(
        rank, 0, rewriter.getAffineDimExpr(rank - 1), rewriter.getContext());
    return vector::TransferReadOp::create(
        rewriter, loc, bytes, source, indices(at), AffineMapAttr::get(channels),
        arith::ConstantIntOp::create(rewriter, loc, 0, 8),
        /*mask=*/Value(), rewriter.getBoolArrayAttr({true}));
  }

  /// Byte k of each channel's quad is rows[k] (flipped: ^ 0x80), the bytes
  /// past the rows zero.
  Value interleave(ArrayRef<Value> rows, bool flip) {
    Value word;
    int32_t flips = 0;
    for (auto [k, row] : llvm::enumerate(rows)) {
      Value lane = arith::ExtUIOp::create(rewriter, loc, lanes, row);
      if (k > 0)
        lane = arith::ShLIOp::create(
            rewriter, loc, lane,
            constant(lanes, rewriter.getI32IntegerAttr(8 * k)));
      word = word ? arith::OrIOp::create(rewriter, loc, word, lane) : lane;
      flips |= static_cast<int32_t>(0x80u << (8 * k));
    }
    if (flip)
      word = arith::XOrIOp::create(
          rewriter, loc, word,
          constant(lanes, rewriter.getI32IntegerAttr(flips)));
    return vector::BitCastOp::create(rewriter, loc, quads, word);
  }

  RewriterBase &rewriter;
  linalg::DepthwiseConv2DNhwcHwcOp op;
  DepthwiseQuadTile tile;
  Location loc;
  VectorType bytes, lanes, quads;
};

} // namespace

void mlir::qfold::vectorizeDepthwiseQuadTiles(RewriterBase &rewriter,
                                              func::FuncOp func) {
  // A convolution of one tile has no loop left around it: every op of a
  // tile's shape is taken, inside loops or not.
  SmallVector<linalg::DepthwiseConv2DNhwcHwcOp> tiles;
  func.walk([&](linalg::DepthwiseConv2DNhwcHwcOp op) { tiles.push_back(op); });
  for (linalg::DepthwiseConv2DNhwcHwcOp op : tiles)
    if (std::optional<DepthwiseQuadTile> tile = DepthwiseQuadTile::match(op))
      DepthwiseQuadEmitter(rewriter, op, *tile).emit();
}
