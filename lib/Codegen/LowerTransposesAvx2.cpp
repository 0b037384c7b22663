//===- LowerTransposesAvx2.cpp - 8x8 transposes as AVX2 shuffles ----------===//
//
// The blocks of the function's NCHW <-> NHWC boundary transposes reach the
// LLVM lowering as n-D vector.transpose ops with unit dimensions around two
// dimensions of 8. The generic lowering inserts, broadcasts and blends them
// one element at a time (the input transpose of a 1x1 layer then cost as
// much as the convolution). Here they become two-source shuffles of the
// eight rows, which LLVM maps to AVX's unpacks, shuffles and permutes (24 for
// f32) or SSE's byte, word and double-word unpacks (12 for i8).
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/Transforms.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_LOWERTRANSPOSESAVX2
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

/// vector.transpose swapping two dimensions of 8 f32 or i8 elements, all
/// others unit, as the 8x8 transpose of its rows.
struct Transpose8x8 : OpRewritePattern<vector::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    VectorType sourceType = op.getSourceVectorType();
    Type element = sourceType.getElementType();
    if ((!element.isF32() && !element.isInteger(8)) || sourceType.isScalable())
      return rewriter.notifyMatchFailure(op, "not an f32 or i8 transpose");
    SmallVector<int64_t> wide;
    for (auto [i, size] : llvm::enumerate(sourceType.getShape())) {
      if (size == 8)
        wide.push_back(i);
      else if (size != 1)
        return rewriter.notifyMatchFailure(op, "a dimension other than 1, 8");
    }
    ArrayRef<int64_t> perm = op.getPermutation();
    if (wide.size() != 2 ||
        llvm::find(perm, wide[0]) < llvm::find(perm, wide[1]))
      return rewriter.notifyMatchFailure(op, "not two swapped 8s");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    auto square = VectorType::get({8, 8}, element);
    Value block = vector::ShapeCastOp::create(b, square, op.getVector());
    SmallVector<Value> rows;
    for (int64_t i = 0; i < 8; ++i)
      rows.push_back(vector::ExtractOp::create(b, block, i));
    if (element.isF32())
      transpose8x8(b, rows);
    else
      transpose8x8Bytes(b, rows);
    Value result = ub::PoisonOp::create(b, square);
    for (int64_t i = 0; i < 8; ++i)
      result = vector::InsertOp::create(b, rows[i], result, i);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(
        op, op.getResultVectorType(), result);
    return success();
  }
};

struct LowerTransposesAvx2Pass
    : qfold::impl::LowerTransposesAvx2Base<LowerTransposesAvx2Pass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<Transpose8x8>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError(
          "qfold-lower-transposes-avx2: rewrite patterns did not converge");
      signalPassFailure();
    }
  }
};

} // namespace
