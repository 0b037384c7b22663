//===- QuantizedClamp.cpp - clamp-range arithmetic ------------------------===//

#include "qfold/Support/QuantizedClamp.h"

#include <cmath>

namespace mlir::qfold {

double roundHalfToEven(double value) {
  // std::nearbyint honours the current rounding mode, which is
  // round-to-nearest-even unless a caller changed it; do not depend on that.
  double floorValue = std::floor(value);
  double diff = value - floorValue;
  if (diff < 0.5)
    return floorValue;
  if (diff > 0.5)
    return floorValue + 1.0;
  return std::fmod(floorValue, 2.0) == 0.0 ? floorValue : floorValue + 1.0;
}

int64_t quantizeSaturating(double real, double scale, int64_t zeroPoint,
                           int64_t qmin, int64_t qmax) {
  // Work in double and clamp before converting, so that huge ratios (or
  // infinities) saturate instead of overflowing the integer conversion.
  double q = double(zeroPoint) + roundHalfToEven(real / scale);
  if (std::isnan(q)) // Not a valid input; stay defined rather than UB.
    return zeroPoint < qmin ? qmin : (zeroPoint > qmax ? qmax : zeroPoint);
  if (q <= double(qmin))
    return qmin;
  if (q >= double(qmax))
    return qmax;
  return static_cast<int64_t>(q);
}

int64_t quantizeF32(float value, double scale, int64_t zeroPoint, int64_t qmin,
                    int64_t qmax) {
  // Each step rounds to f32 as the emitted arith ops do (see emitQuantize).
  float q = value / static_cast<float>(scale);
  q = static_cast<float>(roundHalfToEven(q));
  q = q + static_cast<float>(zeroPoint);
  // maxnumf/minnumf: a NaN operand yields the other one.
  q = std::fmax(q, static_cast<float>(qmin));
  q = std::fmin(q, static_cast<float>(qmax));
  return static_cast<int64_t>(q);
}

IntRange quantizeRange(RealRange real, double scale, int64_t zeroPoint,
                       int64_t qmin, int64_t qmax) {
  return {quantizeSaturating(real.lo, scale, zeroPoint, qmin, qmax),
          quantizeSaturating(real.hi, scale, zeroPoint, qmin, qmax)};
}

RealRange dequantizeRange(IntRange range, double scale, int64_t zeroPoint) {
  return {scale * double(range.lo - zeroPoint),
          scale * double(range.hi - zeroPoint)};
}

} // namespace mlir::qfold
