//===- EvenOddHighMul.cpp - requantization's i64 arithmetic on i32 lanes --===//
//
// The fixed-point requantization multiplies each i32 accumulator by an i32
// multiplier into 64 bits, rounds and shifts the product right, and keeps
// an i32 result (highMulRoundingShift in qfold/Support/Requantize.h).
// Written on whole vectors sign-extended to i64, LLVM splits every vector
// into halves, widens each, multiplies and packs the results back (about 13
// instructions per 8 lanes on AVX2, the larger part of a depthwise int8
// layer). Here the i64 arithmetic runs on the even and odd i32 lanes in
// place, viewing the vector as i64 lanes: x86 multiplies each half with one
// vpmuldq, and one shuffle (a blend, for a result that is the high word of
// an i64 value) puts the results back in the i32 lanes they came from.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// An i64 vector value that is an i32 vector in disguise: the sign
/// extension of one, or a constant splat that fits i32.
bool isI32InDisguise(Value value) {
  if (auto ext = value.getDefiningOp<arith::ExtSIOp>())
    return getElementTypeOrSelf(ext.getIn().getType()).isInteger(32);
  SplatElementsAttr splat;
  return matchPattern(value, m_Constant(&splat)) &&
         splat.getSplatValue<APInt>().isSignedIntN(32);
}

bool isSplatOf(Value value, int64_t expected) {
  SplatElementsAttr splat;
  return matchPattern(value, m_Constant(&splat)) &&
         splat.getSplatValue<APInt>() == expected;
}

/// The elementwise arithmetic the rewrite carries over to half vectors.
bool isCarriedOp(Operation *op) {
  return isa<arith::MulIOp, arith::AddIOp, arith::SubIOp, arith::ShRSIOp,
             arith::ShRUIOp, arith::ShLIOp, arith::SelectOp, arith::CmpIOp>(op);
}

/// True when every value of the carried ops computing `value` is a vector
/// (arith.select may take a scalar condition, which has no lanes to split).
bool isVectorTree(Value value, int depth = 0) {
  if (!isa<VectorType>(value.getType()) || depth > 8)
    return false;
  Operation *op = value.getDefiningOp();
  if (!op || !isCarriedOp(op))
    return true;
  return llvm::all_of(op->getOperands(), [&](Value operand) {
    return isVectorTree(operand, depth + 1);
  });
}

/// True when `value` (the i64 operand of the truncation) is computed by
/// carried ops only from i32 values in disguise and other values, with at
/// least one product of two i32 values in disguise (what vpmuldq does).
bool hasI32Product(Value value, int depth = 0) {
  Operation *op = value.getDefiningOp();
  if (!op || !isCarriedOp(op) || depth > 8)
    return false;
  if (auto mul = dyn_cast<arith::MulIOp>(op))
    if (isI32InDisguise(mul.getLhs()) && isI32InDisguise(mul.getRhs()))
      return true;
  return llvm::any_of(op->getOperands(), [&](Value operand) {
    return hasI32Product(operand, depth + 1);
  });
}

/// Builds the even or odd lanes of the i64 (or i1) vectors of one
/// computation of n lanes as vectors of n/2 lanes.
class HalfLanes {
public:
  HalfLanes(PatternRewriter &rewriter, Location loc, int64_t n, bool odd)
      : rewriter(rewriter), loc(loc), n(n), odd(odd) {}

  Value get(Value value) {
    if (Value known = halves.lookup(value))
      return known;
    Value half = build(value);
    halves[value] = half;
    return half;
  }

private:
  Value build(Value value) {
    auto type = cast<VectorType>(value.getType());
    Type element = type.getElementType();
    auto halfType = VectorType::get({n / 2}, element);
    // i32 lanes viewed as i64 lanes: the even ones sign-extended in place
    // (low halves), the odd ones shifted down.
    if (auto ext = value.getDefiningOp<arith::ExtSIOp>();
        ext && getElementTypeOrSelf(ext.getIn().getType()).isInteger(32)) {
      Value lanes = vector::BitCastOp::create(
          rewriter, loc, halfType,
          vector::ShapeCastOp::create(
              rewriter, loc, VectorType::get({n}, rewriter.getI32Type()),
              ext.getIn()));
      Value c32 = splat(halfType, 32);
      if (!odd)
        lanes = arith::ShLIOp::create(rewriter, loc, lanes, c32);
      return arith::ShRSIOp::create(rewriter, loc, lanes, c32);
    }
    SplatElementsAttr splatValue;
    if (matchPattern(value, m_Constant(&splatValue)))
      return arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(halfType,
                                 splatValue.getSplatValue<Attribute>()));
    Operation *op = value.getDefiningOp();
    if (op && isCarriedOp(op)) {
      SmallVector<Value> operands;
      for (Value operand : op->getOperands())
        operands.push_back(get(operand));
      Operation *half = rewriter.clone(*op);
      half->setOperands(operands);
      half->getResult(0).setType(halfType);
      return half->getResult(0);
    }
    // Anything else (a per-channel constant read for the tile): its even or
    // odd lanes.
    Value flat = vector::ShapeCastOp::create(
        rewriter, loc, VectorType::get({n}, element), value);
    SmallVector<int64_t> lanes;
    for (int64_t i = 0; i < n / 2; ++i)
      lanes.push_back(2 * i + (odd ? 1 : 0));
    return vector::ShuffleOp::create(rewriter, loc, flat, flat, lanes);
  }

  Value splat(VectorType type, int64_t v) {
    return arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            type, rewriter.getIntegerAttr(type.getElementType(), v)));
  }

  PatternRewriter &rewriter;
  Location loc;
  int64_t n;
  bool odd;
  DenseMap<Value, Value> halves;
};

/// trunci(x) : vector<..xi64> to vector<..xi32>, x computed by elementwise
/// i64 arithmetic with a product of two i32 values: computed on the even
/// and odd lanes, each half's low 32 bits put back in their lanes.
struct I64ArithOnEvenOddLanes : OpRewritePattern<arith::TruncIOp> {
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
    if (!hasI32Product(trunc.getIn()) || !isVectorTree(trunc.getIn()))
      return rewriter.notifyMatchFailure(
          trunc, "not i64 arithmetic on a product of i32 values");

    Location loc = trunc.getLoc();
    int64_t n = resultType.getNumElements();
    // The high word of x (x >> 32): the odd lanes' is where their result
    // goes, and the halves are blended rather than interleaved.
    Value oddSource = trunc.getIn();
    auto highWord = oddSource.getDefiningOp<arith::ShRUIOp>();
    if (highWord && isSplatOf(highWord.getRhs(), 32))
      oddSource = highWord.getLhs();
    else
      highWord = nullptr;
    Value even = HalfLanes(rewriter, loc, n, /*odd=*/false).get(trunc.getIn());
    Value odd = HalfLanes(rewriter, loc, n, /*odd=*/true).get(oddSource);
    // The low words of the even results and the low (or high) words of the
    // odd ones, in their lanes.
    auto flat32 = VectorType::get({n}, rewriter.getI32Type());
    Value even32 = vector::BitCastOp::create(rewriter, loc, flat32, even);
    Value odd32 = vector::BitCastOp::create(rewriter, loc, flat32, odd);
    SmallVector<int64_t> lanes;
    for (int64_t i = 0; i < n / 2; ++i) {
      lanes.push_back(2 * i);
      lanes.push_back(n + 2 * i + (highWord ? 1 : 0));
    }
    Value interleaved =
        vector::ShuffleOp::create(rewriter, loc, even32, odd32, lanes);
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(trunc, resultType,
                                                     interleaved);
    return success();
  }
};

} // namespace

void mlir::qfold::populateEvenOddHighMulPatterns(RewritePatternSet &patterns) {
  patterns.add<I64ArithOnEvenOddLanes>(patterns.getContext());
}
