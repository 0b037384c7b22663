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

#include <cmath>

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

SmallVector<Value> lowering::createChannelParams(OpBuilder &b, Location loc,
                                                 const RequantPlan &plan) {
  if (!plan.isPerChannel())
    return {};
  if (plan.mode == RequantMode::onnx)
    return {createConstantVector(b, loc, ArrayRef(plan.floatMultipliers))};
  SmallVector<int32_t> multipliers, leftShifts, rightShifts;
  for (QuantizedMultiplier m : plan.fixedPoint) {
    multipliers.push_back(m.multiplier);
    leftShifts.push_back(m.shift > 0 ? m.shift : 0);
    rightShifts.push_back(m.shift > 0 ? 0 : -m.shift);
  }
  return {createConstantVector(b, loc, ArrayRef(multipliers)),
          createConstantVector(b, loc, ArrayRef(leftShifts)),
          createConstantVector(b, loc, ArrayRef(rightShifts))};
}

/// tflite: MultiplyByQuantizedMultiplier (its product in i64), then the clamp
/// (relative to the zero point) and the zero point.
static Value emitTflite(OpBuilder &b, Location loc, Value acc,
                        const RequantPlan &plan, ValueRange channelParams) {
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  auto c64 = [&](int64_t v) { return createScalar(b, loc, i64, double(v)); };
  auto c32 = [&](int64_t v) { return createScalar(b, loc, i32, double(v)); };
  Value multiplier, leftShift, rightShift;
  if (channelParams.empty()) {
    QuantizedMultiplier m = plan.fixedPoint.front();
    multiplier = c64(m.multiplier);
    leftShift = c32(m.shift > 0 ? m.shift : 0);
    rightShift = c32(m.shift > 0 ? 0 : -m.shift);
  } else {
    multiplier = arith::ExtSIOp::create(b, loc, i64, channelParams[0]);
    leftShift = channelParams[1];
    rightShift = channelParams[2];
  }

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
  shifted = arith::ExtSIOp::create(b, loc, i64, shifted);

  // SaturatingRoundingDoublingHighMul: (ab + nudge) / 2^31 truncating, with
  // nudge = 2^30 for ab >= 0 and 1 - 2^30 otherwise. For ab < 0 that is
  // ceil((ab + 1 - 2^30) / 2^31) = floor((ab + 2^30) / 2^31), so both cases
  // are one add and an arithmetic shift. The multiplier is never INT32_MIN,
  // so the saturation case cannot occur and the result fits i32: the rest
  // runs on i32 lanes (twice as many per vector as i64).
  Value ab = arith::MulIOp::create(b, loc, shifted, multiplier);
  Value high = arith::TruncIOp::create(
      b, loc, i32,
      arith::ShRSIOp::create(
          b, loc, arith::AddIOp::create(b, loc, ab, c64(kHighMulNudge)),
          c64(kHighMulShift)));

  // RoundingDivideByPOT(high, rightShift); (high >> s) + 1 cannot overflow.
  Value mask = arith::SubIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, c32(1), rightShift), c32(1));
  Value remainder = arith::AndIOp::create(b, loc, high, mask);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, high, c32(0));
  Value threshold = arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, mask, c32(1)),
      arith::ExtUIOp::create(b, loc, i32, negative));
  Value roundUp = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                        remainder, threshold);
  Value scaled = arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, high, rightShift),
      arith::ExtUIOp::create(b, loc, i32, roundUp));

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
                               const RequantPlan &plan,
                               ValueRange channelParams) {
  if (plan.mode == RequantMode::onnx)
    return emitOnnx(b, loc, acc, plan, channelParams);
  return emitTflite(b, loc, acc, plan, channelParams);
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
