//===- LowerTransposesAvx2.cpp - 8x8 f32 transposes as AVX2 shuffles ------===//
//
// The blocks of the function's NCHW <-> NHWC boundary transposes reach the
// LLVM lowering as n-D vector.transpose ops with unit dimensions around two
// dimensions of 8. The generic lowering inserts, broadcasts and blends them
// one element at a time (the input transpose of a 1x1 layer then cost as
// much as the convolution). Here they become 24 two-source shuffles of the
// eight rows, which LLVM maps to AVX2's unpack, shuffle and permute.
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

/// vector.transpose swapping two dimensions of 8 f32, all others unit, as
/// the 8x8 transpose of its rows.
struct Transpose8x8F32 : OpRewritePattern<vector::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    VectorType sourceType = op.getSourceVectorType();
    if (!sourceType.getElementType().isF32() || sourceType.isScalable())
      return rewriter.notifyMatchFailure(op, "not an f32 transpose");
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
    auto square = VectorType::get({8, 8}, rewriter.getF32Type());
    Value block = vector::ShapeCastOp::create(b, square, op.getVector());
    SmallVector<Value> rows;
    for (int64_t i = 0; i < 8; ++i)
      rows.push_back(vector::ExtractOp::create(b, block, i));
    transpose8x8(b, rows);
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
    patterns.add<Transpose8x8F32>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
