//===- EvenOddHighMul.cpp - requantization's high multiply on i32 lanes ---===//
//
// The fixed-point requantization multiplies each i32 accumulator by an i32
// multiplier into 64 bits and keeps bits 31..62 (after a rounding nudge).
// Written on whole vectors sign-extended to i64, LLVM splits every vector
// into halves, widens each, multiplies and packs the results back (about 13
// instructions per 8 lanes on AVX2, the larger part of a depthwise int8
// layer). Here the even and odd i32 lanes are multiplied in place, viewing
// the vector as i64 lanes: x86 does each half with one vpmuldq, and the
// results land in the i32 lane they came from (8 instructions per 8 lanes).
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Patterns.h"
#include "qfold/Support/Requantize.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// An i64 vector operand of the high multiply that is an i32 vector in
/// disguise: the source of a sign extension from i32, or a constant splat
/// that fits i32. Matched before anything is built, so that a pattern that
/// fails leaves the IR untouched.
struct I32Operand {
  Value extended;               // the i32 source of an arith.extsi
  std::optional<int32_t> splat; // or the value of a constant splat

  static std::optional<I32Operand> match(Value value) {
    if (auto ext = value.getDefiningOp<arith::ExtSIOp>())
      if (getElementTypeOrSelf(ext.getIn().getType()).isInteger(32))
        return I32Operand{ext.getIn(), std::nullopt};
    SplatElementsAttr splat;
    if (!matchPattern(value, m_Constant(&splat)))
      return std::nullopt;
    APInt v = splat.getSplatValue<APInt>();
    if (!v.isSignedIntN(32))
      return std::nullopt;
    return I32Operand{nullptr, static_cast<int32_t>(v.getSExtValue())};
  }

  /// The i32 vector of the same shape as `type` (an i64 vector).
  Value build(PatternRewriter &rewriter, Location loc, VectorType type) const {
    if (extended)
      return extended;
    return arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(type.clone(rewriter.getI32Type()),
                               rewriter.getI32IntegerAttr(*splat)));
  }
};

bool isSplatOf(Value value, int64_t expected) {
  SplatElementsAttr splat;
  return matchPattern(value, m_Constant(&splat)) &&
         splat.getSplatValue<APInt>() == expected;
}

/// trunci((sext(a) * sext(m) + 2^30) >>s 31) : vector<..xi64> to i32.
struct HighMulOnEvenOddLanes : OpRewritePattern<arith::TruncIOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::TruncIOp trunc,
                                PatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<VectorType>(trunc.getType());
    if (!resultType || resultType.isScalable() ||
        !resultType.getElementType().isInteger(32) ||
        !getElementTypeOrSelf(trunc.getIn().getType()).isInteger(64) ||
        resultType.getNumElements() % 2 != 0)
      return rewriter.notifyMatchFailure(trunc,
                                         "not an even i64 -> i32 vector");
    auto shift = trunc.getIn().getDefiningOp<arith::ShRSIOp>();
    if (!shift || !isSplatOf(shift.getRhs(), kHighMulShift))
      return rewriter.notifyMatchFailure(trunc, "not >> 31");
    auto nudge = shift.getLhs().getDefiningOp<arith::AddIOp>();
    if (!nudge)
      return rewriter.notifyMatchFailure(trunc, "no rounding nudge");
    Value product = nudge.getLhs(), nudgeValue = nudge.getRhs();
    if (!isSplatOf(nudgeValue, kHighMulNudge))
      std::swap(product, nudgeValue);
    auto mul = product.getDefiningOp<arith::MulIOp>();
    if (!isSplatOf(nudgeValue, kHighMulNudge) || !mul)
      return rewriter.notifyMatchFailure(trunc, "not (a * m + 2^30)");

    std::optional<I32Operand> aOperand = I32Operand::match(mul.getLhs());
    std::optional<I32Operand> mOperand = I32Operand::match(mul.getRhs());
    if (!aOperand || !mOperand)
      return rewriter.notifyMatchFailure(trunc, "factors are not i32");

    Location loc = trunc.getLoc();
    auto wideType = cast<VectorType>(mul.getType());
    Value a = aOperand->build(rewriter, loc, wideType);
    Value m = mOperand->build(rewriter, loc, wideType);

    // Flat vectors of n i32 lanes, viewed as n/2 i64 lanes.
    int64_t n = resultType.getNumElements();
    auto flat32 = VectorType::get({n}, rewriter.getI32Type());
    auto flat64 = VectorType::get({n / 2}, rewriter.getI64Type());
    auto asI64 = [&](Value v) -> Value {
      return vector::BitCastOp::create(
          rewriter, loc, flat64,
          vector::ShapeCastOp::create(rewriter, loc, flat32, v));
    };
    auto splat64 = [&](int64_t v) -> Value {
      return arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(flat64, rewriter.getI64IntegerAttr(v)));
    };
    Value a64 = asI64(a), m64 = asI64(m);
    Value c32 = splat64(32), nudge64 = splat64(kHighMulNudge);
    // The even lanes sign-extended in place (low halves), the odd ones
    // shifted down: each product is exact in 64 bits.
    auto evenLanes = [&](Value v) -> Value {
      return arith::ShRSIOp::create(
          rewriter, loc, arith::ShLIOp::create(rewriter, loc, v, c32), c32);
    };
    auto oddLanes = [&](Value v) -> Value {
      return arith::ShRSIOp::create(rewriter, loc, v, c32);
    };
    Value even = arith::AddIOp::create(
        rewriter, loc,
        arith::MulIOp::create(rewriter, loc, evenLanes(a64), evenLanes(m64)),
        nudge64);
    Value odd = arith::AddIOp::create(
        rewriter, loc,
        arith::MulIOp::create(rewriter, loc, oddLanes(a64), oddLanes(m64)),
        nudge64);
    // Bits 31..62 of each sum: moved down to the low half for the even
    // lanes, up to the high half for the odd ones, then one blend.
    Value evenResult = vector::BitCastOp::create(
        rewriter, loc, flat32,
        arith::ShRUIOp::create(rewriter, loc, even, splat64(kHighMulShift)));
    Value oddResult = vector::BitCastOp::create(
        rewriter, loc, flat32,
        arith::ShLIOp::create(rewriter, loc, odd, splat64(32 - kHighMulShift)));
    SmallVector<bool> evenMask(n);
    for (int64_t i = 0; i < n; ++i)
      evenMask[i] = i % 2 == 0;
    Value mask = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(VectorType::get({n}, rewriter.getI1Type()),
                               ArrayRef<bool>(evenMask)));
    Value blended =
        arith::SelectOp::create(rewriter, loc, mask, evenResult, oddResult);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(trunc, resultType,
                                                     blended);
    return success();
  }
};

} // namespace

void mlir::qfold::populateEvenOddHighMulPatterns(RewritePatternSet &patterns) {
  patterns.add<HighMulOnEvenOddLanes>(patterns.getContext());
}
