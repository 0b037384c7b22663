//===- LowerQuadDots.cpp - qfold.quad_dot to vpdpbusd or arithmetic -------===//

#include "qfold/Codegen/Passes.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/WalkPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_LOWERQUADDOTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// vpdpbusd on 16 (zmm, AVX512-VNNI) or 8 (ymm, AVX512-VNNI+VL or AVX-VNNI)
/// lanes: src + the u8 x i8 quad sums of a and b.
struct QuadDotToVpdpbusd : OpRewritePattern<QuadDotOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuadDotOp op,
                                PatternRewriter &rewriter) const override {
    VectorType type = op.getAcc().getType();
    int64_t lanes = type.getNumElements();
    if (lanes != 8 && lanes != 16)
      return rewriter.notifyMatchFailure(op, "not a ymm or zmm register");
    // LLVM 22's signature: (<N x i32> src, <4N x i8> a, <4N x i8> b).
    StringRef name = lanes == 16 ? "llvm.x86.avx512.vpdpbusd.512"
                                 : "llvm.x86.avx512.vpdpbusd.256";
    rewriter.replaceOp(
        op, LLVM::CallIntrinsicOp::create(
                rewriter, op.getLoc(), type, rewriter.getStringAttr(name),
                ValueRange{op.getAcc(), op.getLhs(), op.getRhs()})
                .getResults());
    return success();
  }
};

/// The definition: acc + sum over each quad of zext(lhs) * sext(rhs).
struct QuadDotToArith : OpRewritePattern<QuadDotOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuadDotOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t lanes = op.getAcc().getType().getNumElements();
    auto wide = VectorType::get({4 * lanes}, rewriter.getI32Type());
    Value lhs = arith::ExtUIOp::create(rewriter, loc, wide, op.getLhs());
    Value rhs = arith::ExtSIOp::create(rewriter, loc, wide, op.getRhs());
    Value products = arith::MulIOp::create(rewriter, loc, lhs, rhs);
    // Product k of every quad (a strided shuffle), added into the lanes.
    Value sum = op.getAcc();
    for (int64_t k = 0; k < 4; ++k) {
      SmallVector<int64_t> mask;
      for (int64_t i = 0; i < lanes; ++i)
        mask.push_back(4 * i + k);
      sum = arith::AddIOp::create(
          rewriter, loc, sum,
          vector::ShuffleOp::create(rewriter, loc, products, products, mask));
    }
    rewriter.replaceOp(op, sum);
    return success();
  }
};

struct LowerQuadDotsPass : qfold::impl::LowerQuadDotsBase<LowerQuadDotsPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // The instruction where it fits, else the definition (lower benefit).
    if (intrinsics)
      patterns.add<QuadDotToVpdpbusd>(&getContext(), /*benefit=*/2);
    patterns.add<QuadDotToArith>(&getContext());
    walkAndApplyPatterns(getOperation(), std::move(patterns));
  }
};

} // namespace
