//===- Requantize.h - int32 accumulator requantization -----------*- C++
//-*-===//
//
// The two requantization modes of qfold, as pure C++ reference functions.
// The compile-time parts (multiplier and shift) are computed here for the
// lowering; the run-time parts are what the lowering emits as IR, and the
// tests check the generated code against these functions.
//
// `tflite`: the real multiplier M is encoded as a Q31 fixed-point multiplier
// and a power-of-two shift (TFLite's QuantizeMultiplier) and applied as
// TFLite's MultiplyByQuantizedMultiplier: gemmlowp's
// SaturatingRoundingDoublingHighMul followed by RoundingDivideByPOT.
//
// `onnx`: M is an f32 value, the accumulator is converted to f32, multiplied,
// rounded half to even and saturated, as ONNX QLinearConv (and ONNX Runtime).
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_SUPPORT_REQUANTIZE_H
#define QFOLD_SUPPORT_REQUANTIZE_H

#include <cstdint>
#include <optional>

namespace mlir::qfold {

/// How generated code rounds a tflite requantization; both are bit-exact
/// with MultiplyByQuantizedMultiplier. `oneStep` (highMulRoundingShift)
/// needs one 64-bit adjustment, a masked add with AVX-512; `twoSteps`
/// (the high multiply, then roundingDivideByPOT on i32) suits targets
/// without masked 64-bit arithmetic (AVX2).
enum class TfliteRounding { oneStep, twoSteps };

/// M ~= multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31), or
/// multiplier == 0 when M is too small to matter (M < 2^-32: every product
/// rounds to 0, TFLite's convention).
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;

  /// The accumulator's left shift (shift > 0) and the result's rounding
  /// right shift (shift <= 0): one of them is 0.
  int leftShift() const { return shift > 0 ? shift : 0; }
  int rightShift() const { return shift > 0 ? 0 : -shift; }
};

/// TFLite's QuantizeMultiplier (round half away from zero of the Q31
/// mantissa). Returns std::nullopt when M is not finite, not positive, or so
/// large (M >= 2^30, shift > 30) that the left shift of the accumulator
/// cannot be represented.
std::optional<QuantizedMultiplier> quantizeMultiplier(double realMultiplier);

/// gemmlowp's SaturatingRoundingDoublingHighMul: a * b / 2^31 rounded to
/// nearest (gemmlowp's nudge sends a positive tie up and a negative tie
/// toward zero), saturating the single overflow case INT32_MIN * INT32_MIN.
int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b);

/// RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, m), r) for
/// m >= 0 (never INT32_MIN, so nothing saturates) in one rounding step of
/// the exact 64-bit product p = x * m, the form qfold's generated code uses
/// for AVX-512 targets (TfliteRounding::oneStep):
///
///   t = p + roundingAddend(r) - (p < 0 ? negativeAdjustment(r) : 0)
///   result = floor(t / 2^(31 + r))
///
/// The high multiply is floor((p + 2^30) / 2^31); the division by 2^r
/// rounds floor((h + 2^(r-1) - [h < 0]) / 2^r) for r >= 1, and nested floor
/// divisions by powers of two are one. h < 0 and p < 0 differ only for
/// -2^30 <= p < 0, where both forms give 0. The final division takes the
/// high word of t (of 2t for r = 0, where |t| < 2^62) and shifts it right by
/// r - 1 on i32: vector ISAs without 64-bit arithmetic shifts (AVX2) have
/// the 32-bit ones.
int64_t roundingAddend(int rightShift);
int64_t negativeAdjustment(int rightShift);
/// floor(t / 2^(31 + r)) = (high word of t << highWordDoubling(r)) >>
/// highWordShift(r).
int64_t highWordDoubling(int rightShift);
int32_t highWordShift(int rightShift);
int32_t highMulRoundingShift(int32_t x, int32_t multiplier, int rightShift);

/// The mask of the bits below `exponent` (the remainder of a division by
/// 2^exponent), for exponent in [0, 31].
int32_t roundingDivisionMask(int exponent);

/// gemmlowp's RoundingDivideByPOT: round(x / 2^exponent), ties away from
/// zero, for exponent in [0, 31].
int32_t roundingDivideByPOT(int32_t x, int exponent);

/// TFLite's MultiplyByQuantizedMultiplier. The left shift (shift > 0)
/// saturates to the int32 range where TFLite's `x * (1 << shift)` would
/// overflow (undefined behaviour there), so such products keep their sign
/// and a magnitude beyond every storage range; elsewhere it is bit-exact.
int32_t multiplyByQuantizedMultiplier(int32_t x, QuantizedMultiplier m);

/// The f32 multiplier of the `onnx` mode, computed in f32 as ONNX Runtime
/// does: float(inputScale) * float(filterScale) / float(outputScale).
float onnxMultiplier(double inputScale, double filterScale, double outputScale);

/// `onnx` mode: clamp(zeroPoint + roundHalfToEven(float(acc) * multiplier),
/// lo, hi), all in f32 until the final (exact) conversion.
int32_t requantizeOnnx(int32_t acc, float multiplier, int32_t zeroPoint,
                       int32_t lo, int32_t hi);

/// `tflite` mode: clamp(zeroPoint + MultiplyByQuantizedMultiplier(acc, m),
/// lo, hi), clamping before adding the zero point so nothing overflows.
int32_t requantizeTflite(int32_t acc, QuantizedMultiplier m, int32_t zeroPoint,
                         int32_t lo, int32_t hi);

} // namespace mlir::qfold

#endif // QFOLD_SUPPORT_REQUANTIZE_H
