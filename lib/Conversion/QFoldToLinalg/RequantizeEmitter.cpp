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

/// tflite: MultiplyByQuantizedMultiplier in i64 arithmetic, then the clamp
/// (relative to the zero point) and the zero point.
static Value emitTflite(OpBuilder &b, Location loc, Value acc,
                        const RequantPlan &plan, ValueRange channelParams) {
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  auto c64 = [&](int64_t v) { return createScalar(b, loc, i64, double(v)); };
  Value multiplier, leftShift, rightShift;
  if (channelParams.empty()) {
    QuantizedMultiplier m = plan.fixedPoint.front();
    multiplier = c64(m.multiplier);
    leftShift = c64(m.shift > 0 ? m.shift : 0);
    rightShift = c64(m.shift > 0 ? 0 : -m.shift);
  } else {
    multiplier = arith::ExtSIOp::create(b, loc, i64, channelParams[0]);
    leftShift = arith::ExtSIOp::create(b, loc, i64, channelParams[1]);
    rightShift = arith::ExtSIOp::create(b, loc, i64, channelParams[2]);
  }

  // x * 2^leftShift, saturated to the int32 range.
  Value x = arith::ExtSIOp::create(b, loc, i64, acc);
  Value shifted = arith::ShLIOp::create(b, loc, x, leftShift);
  shifted = arith::MaxSIOp::create(b, loc, shifted, c64(INT32_MIN));
  shifted = arith::MinSIOp::create(b, loc, shifted, c64(INT32_MAX));

  // SaturatingRoundingDoublingHighMul: (ab + nudge) / 2^31, truncating. The
  // multiplier is never INT32_MIN, so the saturation case cannot occur.
  Value ab = arith::MulIOp::create(b, loc, shifted, multiplier);
  Value nonNegative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, ab, c64(0));
  Value nudge = arith::SelectOp::create(b, loc, nonNegative, c64(1ll << 30),
                                        c64(1 - (1ll << 30)));
  Value high = arith::DivSIOp::create(
      b, loc, arith::AddIOp::create(b, loc, ab, nudge), c64(1ll << 31));

  // RoundingDivideByPOT(high, rightShift).
  Value mask = arith::SubIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, c64(1), rightShift), c64(1));
  Value remainder = arith::AndIOp::create(b, loc, high, mask);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, high, c64(0));
  Value threshold = arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, mask, c64(1)),
      arith::ExtUIOp::create(b, loc, i64, negative));
  Value roundUp = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                                        remainder, threshold);
  Value scaled = arith::AddIOp::create(
      b, loc, arith::ShRSIOp::create(b, loc, high, rightShift),
      arith::ExtUIOp::create(b, loc, i64, roundUp));

  // Clamp relative to the zero point, then add it: nothing can overflow.
  scaled =
      arith::MaxSIOp::create(b, loc, scaled, c64(plan.lo - plan.zeroPoint));
  scaled =
      arith::MinSIOp::create(b, loc, scaled, c64(plan.hi - plan.zeroPoint));
  scaled = arith::AddIOp::create(b, loc, scaled, c64(plan.zeroPoint));
  return arith::TruncIOp::create(b, loc, i32, scaled);
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
