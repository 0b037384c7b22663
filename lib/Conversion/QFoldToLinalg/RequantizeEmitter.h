//===- RequantizeEmitter.h - emit requantization arithmetic ------*- C++
//-*-===//
//
// Emits, inside a linalg.generic body, the run-time half of the two
// requantization modes whose compile-time half (and C++ reference) lives in
// qfold/Support/Requantize.h.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_CONVERSION_QFOLDTOLINALG_REQUANTIZEEMITTER_H
#define QFOLD_LIB_CONVERSION_QFOLDTOLINALG_REQUANTIZEEMITTER_H

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"
#include "qfold/Support/Requantize.h"

#include "mlir/IR/Builders.h"

namespace mlir::qfold::lowering {

/// How to turn an i32 value into a storage value of the result type: the
/// multipliers (one, or one per channel), the zero point and the clamp range.
struct RequantPlan {
  RequantMode mode = RequantMode::tflite;
  SmallVector<QuantizedMultiplier> fixedPoint; // tflite
  SmallVector<float> floatMultipliers;         // onnx
  int64_t zeroPoint = 0;
  int64_t lo = 0;
  int64_t hi = 0;

  /// Builds the plan for real multipliers `real` (tflite) and
  /// `floatMultipliers` (onnx); one entry, or one per channel. Emits an error
  /// through `emitError` when a multiplier is not representable.
  static FailureOr<RequantPlan>
  create(RequantMode mode, ArrayRef<double> real,
         ArrayRef<float> floatMultipliers, int64_t zeroPoint, int64_t lo,
         int64_t hi, function_ref<InFlightDiagnostic()> emitError);

  /// True when the parameters differ between channels and must be read from
  /// per-channel tensors.
  bool isPerChannel() const;
};

/// The per-channel tensors a per-channel plan reads (to be passed to the
/// generic, indexed by the channel); empty for a uniform plan. Which
/// constants differ between channels depends on `rounding`.
SmallVector<Value> createChannelParams(OpBuilder &b, Location loc,
                                       const RequantPlan &plan,
                                       TfliteRounding rounding);

/// Emits the requantization of the i32 `acc`, returning an i32 value in
/// [plan.lo, plan.hi], a tflite plan rounded as `rounding` says.
/// `channelParams` are the generic's block arguments for the tensors of
/// createChannelParams (with the same `rounding`), in order.
Value emitRequantize(OpBuilder &b, Location loc, Value acc,
                     const RequantPlan &plan, TfliteRounding rounding,
                     ValueRange channelParams);

/// ONNX DequantizeLinear of one storage element: f32(x - zeroPoint) * scale,
/// with `zeroPoint` an i32 and `scale` an f32 value.
Value emitDequantize(OpBuilder &b, Location loc, Value storage, bool isSigned,
                     Value zeroPoint, Value scale);

/// ONNX QuantizeLinear of one f32 element: clamp(roundHalfToEven(x / scale)
/// + zeroPoint, lo, hi) as i32 (NaN gives lo). `zeroPoint` is an i32 and
/// `scale` an f32 value.
Value emitQuantize(OpBuilder &b, Location loc, Value value, Value scale,
                   Value zeroPoint, int64_t lo, int64_t hi);

} // namespace mlir::qfold::lowering

#endif // QFOLD_LIB_CONVERSION_QFOLDTOLINALG_REQUANTIZEEMITTER_H
