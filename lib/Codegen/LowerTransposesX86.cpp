//===- LowerTransposesX86.cpp - transpose blocks as x86 shuffles ---------===//
//
// The blocks of the function's NCHW <-> NHWC boundary transposes reach the
// LLVM lowering as n-D vector.transpose ops with unit dimensions around two
// dimensions of 8 or 16 (or 2 or 4 rows: an image's channels, which int8
// pads to 4). The generic lowering inserts, broadcasts and blends them one
// element at a time (the input transpose of a 1x1 layer then cost as much
// as the convolution, and the bundled example's 4-channel u8 input 7% of
// its int8 program). Here they become two-source shuffles of the rows,
// which LLVM maps to AVX's unpacks, shuffles and permutes (24 for an 8x8
// f32 block, 64 for 16x16 on zmm) or SSE's byte, word and double-word
// unpacks (12 for 8x8 i8, 8 for 4x16 i8).
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/Transforms.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_LOWERTRANSPOSESX86
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// The 8x8 transpose of `rows` in 24 two-source shuffles (unpacks, in-lane
/// shuffles, 128-bit lane permutes), as with AVX's _mm256 intrinsics. (Not
/// x86vector's own 8x8 lowering: its blends are Intel-syntax inline
/// assembly, which LLVM's JIT cannot emit without the assembly parser.)
void transpose8x8(ImplicitLocOpBuilder &b, MutableArrayRef<Value> rows) {
  namespace intrin = x86vector::avx2::intrin;
  Value t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = intrin::mm256UnpackLoPs(b, rows[i], rows[i + 1]);
    t[i + 1] = intrin::mm256UnpackHiPs(b, rows[i], rows[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = intrin::mm256ShufflePs(b, t[i], t[i + 2], 0x44);
    u[i + 1] = intrin::mm256ShufflePs(b, t[i], t[i + 2], 0xEE);
    u[i + 2] = intrin::mm256ShufflePs(b, t[i + 1], t[i + 3], 0x44);
    u[i + 3] = intrin::mm256ShufflePs(b, t[i + 1], t[i + 3], 0xEE);
  }
  for (int i = 0; i < 4; ++i) {
    rows[i] = intrin::mm256Permute2f128Ps(b, u[i], u[i + 4], 0x20);
    rows[i + 4] = intrin::mm256Permute2f128Ps(b, u[i], u[i + 4], 0x31);
  }
}

/// The 8x8 byte transpose of `rows` (vector<8xi8> each) in 12 two-source
/// shuffles of 16 bytes (SSE's punpck{l,h}{bw,wd,dq}): pairs of rows
/// interleaved by bytes, words and double words, leaving two output rows per
/// 16-byte vector.
void transpose8x8Bytes(ImplicitLocOpBuilder &b, MutableArrayRef<Value> rows) {
  auto interleave = [&](Value x, Value y, int64_t unit, bool high) -> Value {
    int64_t width = cast<VectorType>(x.getType()).getNumElements();
    SmallVector<int64_t> mask;
    for (int64_t k = high ? width / 2 : 0; k < (high ? width : width / 2);
         k += unit) {
      for (int64_t i = 0; i < unit; ++i)
        mask.push_back(k + i);
      for (int64_t i = 0; i < unit; ++i)
        mask.push_back(width + k + i);
    }
    return vector::ShuffleOp::create(b, x, y, mask);
  };
  Value s[4], t[4];
  for (int i = 0; i < 4; ++i) {
    // Rows 2i and 2i+1 by bytes: the full 16 bytes (both halves).
    SmallVector<int64_t> mask;
    for (int64_t k = 0; k < 8; ++k) {
      mask.push_back(k);
      mask.push_back(8 + k);
    }
    s[i] = vector::ShuffleOp::create(b, rows[2 * i], rows[2 * i + 1], mask);
  }
  t[0] = interleave(s[0], s[1], 2, false);
  t[1] = interleave(s[0], s[1], 2, true);
  t[2] = interleave(s[2], s[3], 2, false);
  t[3] = interleave(s[2], s[3], 2, true);
  Value pairs[4] = {
      interleave(t[0], t[2], 4, false), interleave(t[0], t[2], 4, true),
      interleave(t[1], t[3], 4, false), interleave(t[1], t[3], 4, true)};
  for (int i = 0; i < 8; ++i)
    rows[i] = vector::ExtractStridedSliceOp::create(
        b, pairs[i / 2], ArrayRef<int64_t>{8 * (i % 2)}, ArrayRef<int64_t>{8},
        ArrayRef<int64_t>{1});
}

/// The 16x16 transpose of `rows` (16 x 32-bit each) in 64 two-source
/// shuffles, the zmm form of transpose8x8: interleaves and shuffles within
/// 128-bit lanes (vunpck{l,h}ps, vshufps), then two rounds of 128-bit lane
/// selections (vshuff32x4). All take three operands, unlike vpermt2ps,
/// whose overwritten source costs a register copy per shuffle.
void transpose16x16(ImplicitLocOpBuilder &b, MutableArrayRef<Value> rows) {
  auto shuffle = [&](Value x, Value y, auto maskOfPosition) -> Value {
    SmallVector<int64_t> mask;
    for (int64_t q = 0; q < 16; ++q)
      mask.push_back(maskOfPosition(q / 4, q % 4));
    return vector::ShuffleOp::create(b, x, y, mask);
  };
  // Within each 128-bit lane: elements {0,1} (low) or {2,3} (high) of x and
  // y, interleaved.
  auto unpack = [&](Value x, Value y, bool high) {
    return shuffle(x, y, [&](int64_t lane, int64_t e) {
      return lane * 4 + (high ? 2 : 0) + e / 2 + (e % 2) * 16;
    });
  };
  // Within each 128-bit lane: two elements of x, then two of y (vshufps with
  // 0x44 for the low pairs, 0xEE for the high ones).
  auto pairs = [&](Value x, Value y, bool high) {
    return shuffle(x, y, [&](int64_t lane, int64_t e) {
      return (e < 2 ? 0 : 16) + lane * 4 + (high ? 2 : 0) + e % 2;
    });
  };
  // 128-bit lanes {0, 2} (even) or {1, 3} of x, then the same of y
  // (vshuff32x4 with 0x88 or 0xDD).
  auto lanes = [&](Value x, Value y, bool odd) {
    return shuffle(x, y, [&](int64_t lane, int64_t e) {
      return (lane < 2 ? 0 : 16) + ((lane % 2) * 2 + (odd ? 1 : 0)) * 4 + e;
    });
  };
  Value t[16], u[16], v[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = unpack(rows[i], rows[i + 1], false);
    t[i + 1] = unpack(rows[i], rows[i + 1], true);
  }
  for (int i = 0; i < 16; i += 4) {
    u[i] = pairs(t[i], t[i + 2], false);
    u[i + 1] = pairs(t[i], t[i + 2], true);
    u[i + 2] = pairs(t[i + 1], t[i + 3], false);
    u[i + 3] = pairs(t[i + 1], t[i + 3], true);
  }
  for (int h = 0; h < 16; h += 8)
    for (int k = 0; k < 4; ++k) {
      v[h + k] = lanes(u[h + k], u[h + k + 4], false);
      v[h + k + 4] = lanes(u[h + k], u[h + k + 4], true);
    }
  for (int k = 0; k < 8; ++k) {
    rows[k] = lanes(v[k], v[k + 8], false);
    rows[k + 8] = lanes(v[k], v[k + 8], true);
  }
}

/// The transpose of `rows` (R rows of C elements, R <= C, both powers of
/// two) in log2(R) rounds of interleaving row i with row i + R/2 (the
/// perfect shuffle): R two-source shuffles a round, each one instruction on
/// AVX-512 (vpermt2ps for 16 f32 on zmm; punpck{l,h}bw for 16 bytes on
/// xmm). The rows, concatenated, are then the C x R result: for R = C each
/// row is a result row, for fewer rows each holds C / R result rows.
void transposeByInterleaving(ImplicitLocOpBuilder &b,
                             MutableArrayRef<Value> rows) {
  int64_t n = rows.size();
  int64_t width = cast<VectorType>(rows[0].getType()).getNumElements();
  SmallVector<int64_t> low, high;
  for (int64_t k = 0; k < width / 2; ++k) {
    low.append({k, width + k});
    high.append({width / 2 + k, width + width / 2 + k});
  }
  SmallVector<Value> next(n);
  for (int64_t round = 1; round < n; round *= 2) {
    for (int64_t i = 0; i < n / 2; ++i) {
      next[2 * i] = vector::ShuffleOp::create(b, rows[i], rows[i + n / 2], low);
      next[2 * i + 1] =
          vector::ShuffleOp::create(b, rows[i], rows[i + n / 2], high);
    }
    llvm::copy(next, rows.begin());
  }
}

/// The 8x8 transpose of `rows` (f32 or i8) in AVX2's or SSE's shuffles.
void transpose8x8Any(ImplicitLocOpBuilder &b, MutableArrayRef<Value> rows) {
  if (cast<VectorType>(rows[0].getType()).getElementType().isF32())
    transpose8x8(b, rows);
  else
    transpose8x8Bytes(b, rows);
}

/// The transpose of `rows` (8 or 16 rows of 8 or 16 elements) in blocks of
/// 8x8, for the rectangles of a tile's remainder (16 channels x 8 columns)
/// and for AVX2's 8x8 tiles: each block's rows are halves of a zmm row (or
/// whole ymm rows), and each result row is assembled from the blocks' rows.
SmallVector<Value> transposeIn8x8Blocks(ImplicitLocOpBuilder &b,
                                        ArrayRef<Value> rows) {
  auto rowType = cast<VectorType>(rows[0].getType());
  int64_t numRows = rows.size(), numColumns = rowType.getNumElements();
  auto resultRowType = VectorType::get({numRows}, rowType.getElementType());
  SmallVector<Value> result(numColumns);
  for (int64_t j = 0; j < numColumns; ++j)
    result[j] = ub::PoisonOp::create(b, resultRowType);
  for (int64_t i = 0; i < numRows; i += 8) {
    for (int64_t j = 0; j < numColumns; j += 8) {
      SmallVector<Value> block;
      for (int64_t k = 0; k < 8; ++k)
        block.push_back(numColumns == 8
                            ? rows[i + k]
                            : vector::ExtractStridedSliceOp::create(
                                  b, rows[i + k], ArrayRef<int64_t>{j},
                                  ArrayRef<int64_t>{8}, ArrayRef<int64_t>{1}));
      transpose8x8Any(b, block);
      for (int64_t k = 0; k < 8; ++k)
        result[j + k] = numRows == 8
                            ? block[k]
                            : vector::InsertStridedSliceOp::create(
                                  b, block[k], result[j + k],
                                  ArrayRef<int64_t>{i}, ArrayRef<int64_t>{1});
    }
  }
  return result;
}

/// vector.transpose swapping two dimensions of f32 or i8 elements, the
/// inner one of 8 or 16 and the outer one of 2, 4, 8 or 16, all others unit
/// (the blocks of the boundary transposes), as a transpose of its rows: 16x16
/// as one square (on AVX-512 hosts, whose tiles are 16 wide), 2 or 4 rows (an
/// image's channels, padded to 4 for int8) by interleaving, anything else in
/// 8x8 blocks.
struct TransposeRowBlocks : OpRewritePattern<vector::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    VectorType sourceType = op.getSourceVectorType();
    Type element = sourceType.getElementType();
    if ((!element.isF32() && !element.isInteger(8)) || sourceType.isScalable())
      return rewriter.notifyMatchFailure(op, "not an f32 or i8 transpose");
    SmallVector<int64_t> wide;
    for (auto [i, size] : llvm::enumerate(sourceType.getShape()))
      if (size != 1)
        wide.push_back(i);
    ArrayRef<int64_t> perm = op.getPermutation();
    auto isBlockSize = [](int64_t size) { return size == 8 || size == 16; };
    if (wide.size() != 2 || !isBlockSize(sourceType.getDimSize(wide[1])) ||
        llvm::find(perm, wide[0]) < llvm::find(perm, wide[1]))
      return rewriter.notifyMatchFailure(
          op, "not two swapped dimensions, the inner one of 8 or 16");
    int64_t numRows = sourceType.getDimSize(wide[0]);
    int64_t numColumns = sourceType.getDimSize(wide[1]);
    bool fewRows = numRows == 2 || numRows == 4;
    if (!isBlockSize(numRows) && !fewRows)
      return rewriter.notifyMatchFailure(op, "not 2, 4, 8 or 16 rows");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value block = vector::ShapeCastOp::create(
        b, VectorType::get({numRows, numColumns}, element), op.getVector());
    SmallVector<Value> rows;
    for (int64_t i = 0; i < numRows; ++i)
      rows.push_back(vector::ExtractOp::create(b, block, i));
    auto resultType = VectorType::get({numColumns, numRows}, element);
    Value result = ub::PoisonOp::create(b, resultType);
    if (fewRows) {
      // Each interleaved row holds numColumns / numRows result rows.
      transposeByInterleaving(b, rows);
      int64_t perRow = numColumns / numRows;
      auto pieceType = VectorType::get({perRow, numRows}, element);
      for (int64_t i = 0; i < numRows; ++i)
        result = vector::InsertStridedSliceOp::create(
            b, vector::ShapeCastOp::create(b, pieceType, rows[i]), result,
            ArrayRef<int64_t>{i * perRow, 0}, ArrayRef<int64_t>{1, 1});
      rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(
          op, op.getResultVectorType(), result);
      return success();
    }
    if (numRows == 16 && numColumns == 16 && element.isF32())
      transpose16x16(b, rows);
    else if (numRows == 16 && numColumns == 16)
      transposeByInterleaving(b, rows);
    else
      rows = transposeIn8x8Blocks(b, rows);
    for (int64_t i = 0; i < numColumns; ++i)
      result = vector::InsertOp::create(b, rows[i], result, i);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(
        op, op.getResultVectorType(), result);
    return success();
  }
};

struct LowerTransposesX86Pass
    : qfold::impl::LowerTransposesX86Base<LowerTransposesX86Pass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<TransposeRowBlocks>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError(
          "qfold-lower-transposes-x86: rewrite patterns did not converge");
      signalPassFailure();
    }
  }
};

} // namespace
