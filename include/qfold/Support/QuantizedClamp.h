//===- QuantizedClamp.h - clamp-range arithmetic -----------------*- C++
//-*-===//
//
// The rounding rule and the clamp-range arithmetic used by the activation
// folding patterns, the verifiers and the lowering. Pure C++.
//
// The one rounding rule of qfold: a real value r is quantized to
//   q = clamp(zero_point + roundHalfToEven(r / scale), qmin, qmax).
// Because this map is monotone, clamping a real value to [a, b] and then
// quantizing gives the same integers as quantizing and then clamping to
// [quantize(a), quantize(b)]: that is what makes absorbing a ReLU/Clip into a
// quantized convolution's integer clamp range exact.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_SUPPORT_QUANTIZEDCLAMP_H
#define QFOLD_SUPPORT_QUANTIZEDCLAMP_H

#include <cstdint>

namespace mlir::qfold {

/// Rounds to the nearest integer, ties to even (IEEE roundTiesToEven), as
/// ONNX QuantizeLinear and numpy.round do. Non-finite values pass through.
double roundHalfToEven(double value);

/// A closed range [lo, hi] with lo <= hi.
template <typename T> struct ClampRange {
  T lo;
  T hi;
  bool operator==(const ClampRange &other) const {
    return lo == other.lo && hi == other.hi;
  }
};

using RealRange = ClampRange<double>;
using IntRange = ClampRange<int64_t>;

/// The range of clamp(clamp(x, first), second): the composition of two clamps
/// is the clamp to [clamp(first.lo, second), clamp(first.hi, second)]. This is
/// exact also when the ranges are disjoint, where it is a single point (the
/// composed function is a constant), so merging never yields an empty range.
template <typename T>
ClampRange<T> composeClampRanges(ClampRange<T> first, ClampRange<T> second) {
  auto clampTo = [&](T v) {
    return v < second.lo ? second.lo : (v > second.hi ? second.hi : v);
  };
  return {clampTo(first.lo), clampTo(first.hi)};
}

/// The storage value of the real number `real` under (scale, zeroPoint),
/// saturated to [qmin, qmax]: clamp(zeroPoint + roundHalfToEven(real / scale)).
/// -inf maps to qmin and +inf to qmax. Requires scale > 0 and finite, and
/// real not NaN.
int64_t quantizeSaturating(double real, double scale, int64_t zeroPoint,
                           int64_t qmin, int64_t qmax);

/// The storage value of the f32 `value` as the lowering of `quant.qcast`
/// computes it at run time (ONNX QuantizeLinear), in f32 arithmetic:
/// clamp(roundHalfToEven(value / float(scale)) + float(zeroPoint), qmin,
/// qmax), NaN giving qmin. Constants quantized at compile time (weights
/// behind a qcast, folded or fused) must use this and not the double
/// precision rule above, so that folding never changes a rounding.
int64_t quantizeF32(float value, double scale, int64_t zeroPoint, int64_t qmin,
                    int64_t qmax);

/// The integer clamp range of a real range [lo, hi] in a quantized type:
/// both bounds quantized with quantizeSaturating.
IntRange quantizeRange(RealRange real, double scale, int64_t zeroPoint,
                       int64_t qmin, int64_t qmax);

/// The real range denoted by an integer range: scale * (q - zeroPoint) for
/// each bound. A bound at the storage limit stays a real bound: the
/// saturation of the quantizer is a clamp that a requantization to another
/// type must preserve.
RealRange dequantizeRange(IntRange range, double scale, int64_t zeroPoint);

} // namespace mlir::qfold

#endif // QFOLD_SUPPORT_QUANTIZEDCLAMP_H
