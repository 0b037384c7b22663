//===- Requantize.cpp - int32 accumulator requantization ------------------===//

#include "qfold/Support/Requantize.h"
#include "qfold/Support/QuantizedClamp.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlir::qfold {

std::optional<QuantizedMultiplier> quantizeMultiplier(double realMultiplier) {
  if (!std::isfinite(realMultiplier) || !(realMultiplier > 0.0))
    return std::nullopt;
  int shift = 0;
  double mantissa = std::frexp(realMultiplier, &shift); // in [0.5, 1)
  // TfLiteRound is std::round: half away from zero.
  auto fixed = static_cast<int64_t>(std::round(mantissa * double(1ll << 31)));
  if (fixed == (1ll << 31)) {
    fixed /= 2;
    ++shift;
  }
  if (shift < -31)
    return QuantizedMultiplier{0, 0};
  if (shift > 30)
    return std::nullopt;
  return QuantizedMultiplier{static_cast<int32_t>(fixed), shift};
}

int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  bool overflow = a == b && a == std::numeric_limits<int32_t>::min();
  int64_t ab = int64_t(a) * int64_t(b);
  int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  // C++ division truncates toward zero, as gemmlowp relies on.
  auto high = static_cast<int32_t>((ab + nudge) / (1ll << 31));
  return overflow ? std::numeric_limits<int32_t>::max() : high;
}

int32_t roundingDivisionMask(int exponent) {
  return static_cast<int32_t>((1ll << exponent) - 1);
}

int32_t roundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = roundingDivisionMask(exponent);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int64_t roundingAddend(int rightShift) {
  return (int64_t(1) << 30) +
         (rightShift > 0 ? int64_t(1) << (30 + rightShift) : 0);
}

int64_t negativeAdjustment(int rightShift) {
  return rightShift > 0 ? int64_t(1) << 31 : 0;
}

int64_t highWordDoubling(int rightShift) { return rightShift == 0 ? 1 : 0; }

int32_t highWordShift(int rightShift) {
  return rightShift > 0 ? rightShift - 1 : 0;
}

int32_t highMulRoundingShift(int32_t x, int32_t multiplier, int rightShift) {
  int64_t p = int64_t(x) * int64_t(multiplier);
  int64_t t = p + roundingAddend(rightShift) -
              (p < 0 ? negativeAdjustment(rightShift) : 0);
  // |t| < 2^62 when it is doubled (r = 0: t = p + 2^30). A multiplication,
  // not a left shift, which is undefined for a negative t in C++17.
  t *= int64_t(1) << highWordDoubling(rightShift);
  auto high = static_cast<int32_t>(static_cast<uint64_t>(t) >> 32);
  return high >> highWordShift(rightShift);
}

int32_t multiplyByQuantizedMultiplier(int32_t x, QuantizedMultiplier m) {
  int leftShift = m.leftShift();
  int rightShift = m.rightShift();
  int64_t shifted = int64_t(x) * (int64_t(1) << leftShift);
  shifted = std::clamp<int64_t>(shifted, std::numeric_limits<int32_t>::min(),
                                std::numeric_limits<int32_t>::max());
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(
                                 static_cast<int32_t>(shifted), m.multiplier),
                             rightShift);
}

float onnxMultiplier(double inputScale, double filterScale,
                     double outputScale) {
  float product = float(inputScale) * float(filterScale);
  return product / float(outputScale);
}

int32_t requantizeOnnx(int32_t acc, float multiplier, int32_t zeroPoint,
                       int32_t lo, int32_t hi) {
  float scaled = float(acc) * multiplier;
  // Clamp in f32 against the integer bounds (exact in f32) so that the
  // conversion below never overflows; rounding is monotone, so clamping
  // before or after rounding gives the same integer.
  float lower = float(lo - zeroPoint), upper = float(hi - zeroPoint);
  scaled = std::min(std::max(scaled, lower), upper);
  return static_cast<int32_t>(roundHalfToEven(scaled)) + zeroPoint;
}

int32_t requantizeTflite(int32_t acc, QuantizedMultiplier m, int32_t zeroPoint,
                         int32_t lo, int32_t hi) {
  int32_t scaled = multiplyByQuantizedMultiplier(acc, m);
  return std::clamp(scaled, lo - zeroPoint, hi - zeroPoint) + zeroPoint;
}

} // namespace mlir::qfold
