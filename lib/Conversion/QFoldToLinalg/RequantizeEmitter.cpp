//===- RequantizeEmitter.cpp - emit requantization arithmetic -------------===//
//
// The emitted code mirrors qfold/Support/Requantize.cpp operation for
// operation; test/Integration checks it against that reference.
//
//===----------------------------------------------------------------------===//

#include "RequantizeEmitter.h"
#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <iterator>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

FailureOr<RequantPlan>
RequantPlan::create(RequantMode mode, ArrayRef<double> real,
                    ArrayRef<float> floatMultipliers, int64_t zeroPoint,
                    int64_t lo, int64_t hi,
                    function_ref<InFlightDiagnostic()> emitError) {
  RequantPlan plan;
  plan.mode = mode;
  plan.zeroPoint = zeroPoint;
  plan.lo = lo;
  plan.hi = hi;
  if (mode == RequantMode::onnx) {
    for (auto [channel, m] : llvm::enumerate(floatMultipliers))
      if (!std::isfinite(m) || !(m > 0.0f))
        return emitError() << "requantization multiplier " << m
                           << " of channel " << channel
                           << " is not a finite positive f32 value";
    plan.floatMultipliers.assign(floatMultipliers.begin(),
                                 floatMultipliers.end());
    return plan;
  }
  for (auto [channel, m] : llvm::enumerate(real)) {
    std::optional<QuantizedMultiplier> fixed = quantizeMultiplier(m);
    if (!fixed)
      return emitError() << "requantization multiplier " << m << " of channel "
                         << channel
                         << " cannot be represented as a Q31 multiplier "
                            "and shift (it must be in (0, 2^30))";
    plan.fixedPoint.push_back(*fixed);
  }
  return plan;
}

bool RequantPlan::isPerChannel() const {
  if (mode == RequantMode::onnx)
    return llvm::any_of(floatMultipliers,
                        [&](float m) { return m != floatMultipliers.front(); });
  return llvm::any_of(fixedPoint, [&](QuantizedMultiplier m) {
    return m.multiplier != fixedPoint.front().multiplier ||
           m.shift != fixedPoint.front().shift;
  });
}

namespace {
/// One constant of the tflite requantization: a constant where every
/// channel has the same value, else a per-channel tensor operand of the
/// generic (read as i32 and sign-extended where the body wants i64, so that
/// the multiplier stays an i32 value for the even/odd lane products).
struct TfliteConstant {
  unsigned tensorBits, bodyBits;
  /// The constant of one channel's multiplier, given the right shift the
  /// high multiply rounds by (all of it in one step, or none).
  int64_t (*of)(const QuantizedMultiplier &m, int highMulShift);
  /// Used by the separate rounding division of the two-step form only.
  bool twoStepOnly = false;
};

/// The constants' positions in kTfliteConstants.
enum TfliteConstantIndex {
  kMultiplier,
  kLeftShift,
  kAddend,
  kAdjustment,
  kDoubling,
  kWordShift,
  kRightShift,
  kMask,
  kNumTfliteConstants
};

const TfliteConstant kTfliteConstants[] = {
    {32, 64,
     [](const QuantizedMultiplier &m, int) -> int64_t { return m.multiplier; }},
    {32, 32,
     [](const QuantizedMultiplier &m, int) -> int64_t {
       return m.leftShift();
     }},
    {64, 64,
     [](const QuantizedMultiplier &, int r) { return roundingAddend(r); }},
    {64, 64,
     [](const QuantizedMultiplier &, int r) { return negativeAdjustment(r); }},
    {64, 64,
     [](const QuantizedMultiplier &, int r) { return highWordDoubling(r); }},
    {32, 32,
     [](const QuantizedMultiplier &, int r) -> int64_t {
       return highWordShift(r);
     }},
    {32, 32,
     [](const QuantizedMultiplier &m, int) -> int64_t {
       return m.rightShift();
     },
     /*twoStepOnly=*/true},
    {32, 32,
     [](const QuantizedMultiplier &m, int) -> int64_t {
       return roundingDivisionMask(m.rightShift());
     },
     /*twoStepOnly=*/true}};

static_assert(std::size(kTfliteConstants) == kNumTfliteConstants,
              "one table entry per TfliteConstantIndex");

bool isUsed(const TfliteConstant &constant, TfliteRounding rounding) {
  return !constant.twoStepOnly || rounding == TfliteRounding::twoSteps;
}

/// The constant's value for channel multiplier `m`: the high multiply
/// rounds by all of m's right shift in one step, or by none of it.
int64_t valueOf(const TfliteConstant &constant, const QuantizedMultiplier &m,
                TfliteRounding rounding) {
  return constant.of(m,
                     rounding == TfliteRounding::oneStep ? m.rightShift() : 0);
}

bool isShared(const RequantPlan &plan, const TfliteConstant &constant,
              TfliteRounding rounding) {
  int64_t first = valueOf(constant, plan.fixedPoint.front(), rounding);
  return llvm::all_of(plan.fixedPoint, [&](const QuantizedMultiplier &m) {
    return valueOf(constant, m, rounding) == first;
  });
}
} // namespace

SmallVector<Value> lowering::createChannelParams(OpBuilder &b, Location loc,
                                                 const RequantPlan &plan,
                                                 TfliteRounding rounding) {
  if (!plan.isPerChannel())
    return {};
  if (plan.mode == RequantMode::onnx)
    return {createConstantVector(b, loc, ArrayRef(plan.floatMultipliers))};
  // Only the constants that differ between channels (a shared one is one
  // vector register fewer in the epilogue, and no operand).
  SmallVector<Value> params;
  for (const TfliteConstant &constant : kTfliteConstants) {
    if (!isUsed(constant, rounding) || isShared(plan, constant, rounding))
      continue;
    SmallVector<APInt> values;
    for (const QuantizedMultiplier &m : plan.fixedPoint)
      values.push_back(APInt(constant.tensorBits,
                             valueOf(constant, m, rounding),
                             /*isSigned=*/true));
    auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                      b.getIntegerType(constant.tensorBits));
    params.push_back(arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, values)));
  }
  return params;
}

/// tflite: MultiplyByQuantizedMultiplier (its product in i64; the high
/// multiply and the rounding right shift in one rounding step,
/// highMulRoundingShift, or in gemmlowp's two, as `rounding` says), then the
/// clamp (relative to the zero point) and the zero point.
static Value emitTflite(OpBuilder &b, Location loc, Value acc,
                        const RequantPlan &plan, TfliteRounding rounding,
                        ValueRange channelParams) {
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  auto c64 = [&](int64_t v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  auto c32 = [&](int64_t v) { return createScalar(b, loc, i32, double(v)); };
  // The constants in kTfliteConstants' order, the per-channel ones from
  // `channelParams` (those createChannelParams passed).
  SmallVector<Value, 8> constants;
  auto next = channelParams.begin();
  for (const TfliteConstant &constant : kTfliteConstants) {
    Type type = b.getIntegerType(constant.bodyBits);
    if (!isUsed(constant, rounding)) {
      constants.push_back(nullptr);
      continue;
    }
    if (isShared(plan, constant, rounding)) {
      constants.push_back(arith::ConstantOp::create(
          b, loc,
          b.getIntegerAttr(
              type, valueOf(constant, plan.fixedPoint.front(), rounding))));
      continue;
    }
    assert(next != channelParams.end() && "missing per-channel constant");
    Value value = *next++;
    if (constant.bodyBits != constant.tensorBits)
      value = arith::ExtSIOp::create(b, loc, type, value);
    constants.push_back(value);
  }
  Value multiplier = constants[kMultiplier], leftShift = constants[kLeftShift],
        addend = constants[kAddend], adjustment = constants[kAdjustment],
        doubling = constants[kDoubling], wordShift = constants[kWordShift],
        rightShift = constants[kRightShift], mask = constants[kMask];

  // x * 2^leftShift, saturated to the int32 range, computed on i32 lanes:
  // x beyond INT32_MAX >> s (or below INT32_MIN >> s) saturates, any other x
  // shifts exactly. Multipliers below 1 (the usual case) have no left shift.
  Value shifted = acc;
  if (llvm::any_of(plan.fixedPoint,
                   [](const QuantizedMultiplier &m) { return m.shift > 0; })) {
    auto saturateBeyond = [&](arith::CmpIPredicate pred, int64_t limit,
                              Value otherwise) -> Value {
      Value bound = arith::ShRSIOp::create(b, loc, c32(limit), leftShift);
      Value beyond = arith::CmpIOp::create(b, loc, pred, acc, bound);
      return arith::SelectOp::create(b, loc, beyond, c32(limit), otherwise);
    };
    shifted = arith::ShLIOp::create(b, loc, acc, leftShift);
    shifted = saturateBeyond(arith::CmpIPredicate::sgt, INT32_MAX, shifted);
    shifted = saturateBeyond(arith::CmpIPredicate::slt, INT32_MIN, shifted);
  }

  // t = p + addend - (p < 0 ? adjustment : 0), p the exact product, then
  // floor(t / 2^(31 + r)): the high word of t (of 2t for r = 0) shifted
  // right by r - 1 on i32 lanes (highMulRoundingShift), which every x86
  // vector ISA shifts, unlike i64 lanes before AVX-512.
  Value product = arith::MulIOp::create(
      b, loc, arith::ExtSIOp::create(b, loc, i64, shifted), multiplier);
  Value sum = arith::AddIOp::create(b, loc, product, addend);
  if (!matchPattern(adjustment, m_Zero())) {
    Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                           product, c64(0));
    // A select of the difference (a masked subtraction on AVX-512).
    sum = arith::SelectOp::create(
        b, loc, negative, arith::SubIOp::create(b, loc, sum, adjustment), sum);
  }
  if (!matchPattern(doubling, m_Zero()))
    sum = arith::ShLIOp::create(b, loc, sum, doubling);
  Value scaled = arith::TruncIOp::create(
      b, loc, i32, arith::ShRUIOp::create(b, loc, sum, c64(32)));
  if (!matchPattern(wordShift, m_Zero()))
    scaled = arith::ShRSIOp::create(b, loc, scaled, wordShift);

  // The two-step form: gemmlowp's RoundingDivideByPOT of that high
  // multiply on i32 lanes (roundingDivideByPOT), cheaper than the one-step
  // form's 64-bit adjustment where no masked 64-bit arithmetic exists.
  if (rightShift && !matchPattern(rightShift, m_Zero())) {
    Value remainder = arith::AndIOp::create(b, loc, scaled, mask);
    Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                           scaled, c32(0));
    Value threshold = arith::AddIOp::create(
        b, loc, arith::ShRSIOp::create(b, loc, mask, c32(1)),
        arith::ExtUIOp::create(b, loc, i32, negative));
    Value roundUp = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                          remainder, threshold);
    scaled = arith::AddIOp::create(
        b, loc, arith::ShRSIOp::create(b, loc, scaled, rightShift),
        arith::ExtUIOp::create(b, loc, i32, roundUp));
  }

  // Clamp relative to the zero point, then add it: the storage range and
  // zero point are 8-bit, nothing can overflow.
  scaled =
      arith::MaxSIOp::create(b, loc, scaled, c32(plan.lo - plan.zeroPoint));
  scaled =
      arith::MinSIOp::create(b, loc, scaled, c32(plan.hi - plan.zeroPoint));
  return arith::AddIOp::create(b, loc, scaled, c32(plan.zeroPoint));
}

/// onnx: f32(acc) * multiplier, clamped in f32 against the integer bounds,
/// rounded half to even, converted, plus the zero point.
static Value emitOnnx(OpBuilder &b, Location loc, Value acc,
                      const RequantPlan &plan, ValueRange channelParams) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  Value multiplier =
      channelParams.empty()
          ? createScalar(b, loc, f32, plan.floatMultipliers.front())
          : channelParams[0];
  Value value = arith::SIToFPOp::create(b, loc, f32, acc);
  value = arith::MulFOp::create(b, loc, value, multiplier);
  value = arith::MaxNumFOp::create(
      b, loc, value,
      createScalar(b, loc, f32, double(plan.lo - plan.zeroPoint)));
  value = arith::MinNumFOp::create(
      b, loc, value,
      createScalar(b, loc, f32, double(plan.hi - plan.zeroPoint)));
  value = math::RoundEvenOp::create(b, loc, value);
  Value result = arith::FPToSIOp::create(b, loc, i32, value);
  return arith::AddIOp::create(
      b, loc, result, createScalar(b, loc, i32, double(plan.zeroPoint)));
}

Value lowering::emitRequantize(OpBuilder &b, Location loc, Value acc,
                               const RequantPlan &plan, TfliteRounding rounding,
                               ValueRange channelParams) {
  if (plan.mode == RequantMode::onnx)
    return emitOnnx(b, loc, acc, plan, channelParams);
  return emitTflite(b, loc, acc, plan, rounding, channelParams);
}

Value lowering::emitDequantize(OpBuilder &b, Location loc, Value storage,
                               bool isSigned, Value zeroPoint, Value scale) {
  Value centered = arith::SubIOp::create(
      b, loc, extendToI32(b, loc, storage, isSigned), zeroPoint);
  Value value = arith::SIToFPOp::create(b, loc, b.getF32Type(), centered);
  return arith::MulFOp::create(b, loc, value, scale);
}

Value lowering::emitQuantize(OpBuilder &b, Location loc, Value value,
                             Value scale, Value zeroPoint, int64_t lo,
                             int64_t hi) {
  Type f32 = b.getF32Type();
  Value q = arith::DivFOp::create(b, loc, value, scale);
  q = math::RoundEvenOp::create(b, loc, q);
  q = arith::AddFOp::create(b, loc, q,
                            arith::SIToFPOp::create(b, loc, f32, zeroPoint));
  // maxnumf maps NaN to the lower bound, so the conversion is always defined.
  q = arith::MaxNumFOp::create(b, loc, q,
                               createScalar(b, loc, f32, double(lo)));
  q = arith::MinNumFOp::create(b, loc, q,
                               createScalar(b, loc, f32, double(hi)));
  return arith::FPToSIOp::create(b, loc, b.getI32Type(), q);
}
