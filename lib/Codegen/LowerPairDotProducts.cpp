//===- LowerPairDotProducts.cpp - channel pairs to vpmaddwd ---------------===//
//
// Integer convolution steps over two input channels become vpmaddwd: two
// multiply-adds per i32 lane instead of one with vpmulld + vpaddd. On VNNI
// hosts LLVM fuses vpmaddwd and the accumulating add into vpdpwssd.
//
//===----------------------------------------------------------------------===//

#include "ChannelGroupContractions.h"

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_LOWERPAIRDOTPRODUCTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// The intrinsic multiplying the i16 pairs of a register of `lanes` i32
/// lanes: ymm (AVX2) or zmm (AVX-512BW).
StringRef getPmaddwd(int64_t lanes) {
  return lanes == 16 ? StringRef("llvm.x86.avx512.pmaddw.d.512")
                     : StringRef("llvm.x86.avx2.pmadd.wd");
}

/// `value` (i8 or i16 elements) as i16.
Value toI16(PatternRewriter &rewriter, Location loc, Value value) {
  auto type = cast<VectorType>(value.getType());
  if (type.getElementType().isInteger(16))
    return value;
  return arith::ExtSIOp::create(rewriter, loc,
                                type.clone(rewriter.getI16Type()), value);
}

struct ContractPairsToPmaddwd : OpRewritePattern<vector::ContractionOp> {
  ContractPairsToPmaddwd(MLIRContext *ctx, int64_t targetLanes)
      : OpRewritePattern(ctx), targetLanes(targetLanes) {}

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    FailureOr<ChannelGroupStep> step =
        matchChannelGroupStep(op, /*group=*/2, targetLanes, rewriter);
    if (failed(step))
      return failure();
    int64_t lanes = step->lanes;
    Location loc = op.getLoc();
    auto pairType = VectorType::get({2 * lanes}, rewriter.getI16Type());
    auto laneType = VectorType::get({lanes}, rewriter.getI32Type());

    // Filter rows c = 0, 1 interleaved: (w0[f], w1[f]) pairs, `lanes` per
    // vector; slices of one vector when the filter was re-laid so at compile
    // time.
    SmallVector<Value> filterPairs =
        getFilterGroups(rewriter, loc, toI16(rewriter, loc, step->filter),
                        /*group=*/2, step->channels, lanes);

    // Each column's input pair broadcast as one i32, times every filter
    // pair vector.
    Value input = toI16(rewriter, loc, step->input);
    StringAttr intrinsic = rewriter.getStringAttr(getPmaddwd(lanes));
    Value result = updateAccumulators(
        rewriter, loc, op.getAcc(), *step, lanes,
        [&](int64_t b, int64_t col) -> Value {
          return vector::BitCastOp::create(
              rewriter, loc, pairType,
              broadcastInputGroup(rewriter, loc, input, b, col, lanes));
        },
        [&](Value acc, Value broadcast, int64_t block) -> Value {
          Value dot = LLVM::CallIntrinsicOp::create(
                          rewriter, loc, laneType, intrinsic,
                          ValueRange{broadcast, filterPairs[block]})
                          .getResults();
          return arith::AddIOp::create(rewriter, loc, acc, dot);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  /// The target's i32 lanes per vector (a step of 8 channels on a target of
  /// 16 takes ymm).
  int64_t targetLanes;
};

struct LowerPairDotProductsPass
    : qfold::impl::LowerPairDotProductsBase<LowerPairDotProductsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (lanes != 8 && lanes != 16) {
      emitError(getOperation().getLoc())
          << "lanes must be 8 (AVX2) or 16 (AVX-512BW), got "
          << static_cast<int64_t>(lanes);
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<ContractPairsToPmaddwd>(&getContext(), lanes);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError(
          "qfold-lower-pair-dot-products: rewrite patterns did not converge");
      signalPassFailure();
    }
  }
};

} // namespace
