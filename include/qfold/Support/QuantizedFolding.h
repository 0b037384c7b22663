//===- QuantizedFolding.h - BatchNorm into quantized weights -----*- C++
//-*-===//
//
// Folding a per-channel factor (a BatchNorm's gamma / sqrt(var + eps)) into
// quantized weights, and quantizing biases: the arithmetic of the Q/DQ
// fusion and post-training quantization passes. Pure C++.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_SUPPORT_QUANTIZEDFOLDING_H
#define QFOLD_SUPPORT_QUANTIZEDFOLDING_H

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::qfold {

/// The weights of one output channel: real value = scale * (w - zeroPoint).
struct QuantizedChannel {
  std::vector<int64_t> weights;
  double scale = 1.0;
  int64_t zeroPoint = 0;
};

/// True when `scale` can be the scale of a quantized type: a positive,
/// finite, normal f32 (the quant dialect parses scales as f32 values, and the
/// generated code computes with f32(scale)).
bool isRepresentableScale(double scale);

/// The channel times `factor` with the same integer weights wherever that is
/// exact: the scale becomes scale * |factor| and, for a negative factor, each
/// weight is mirrored around the zero point (2 * zp - w); a zero factor sets
/// every weight to the zero point. std::nullopt when a mirrored weight leaves
/// [qmin, qmax] (asymmetric ranges such as i8's -128), or when the new scale
/// is not representable (isRepresentableScale).
std::optional<QuantizedChannel>
scaleQuantizedChannelExactly(const QuantizedChannel &channel, double factor,
                             int64_t qmin, int64_t qmax);

/// The channel times `factor`. Exact whenever it can be: the scale becomes
/// scale * |factor| and, for a negative factor, each weight is mirrored
/// around the zero point (2 * zp - w) if that stays in [qmin, qmax].
/// Otherwise (and for factor 0) the real weights are re-quantized
/// symmetrically (quantizeSymmetric).
QuantizedChannel scaleQuantizedChannel(const QuantizedChannel &channel,
                                       double factor, int64_t qmin,
                                       int64_t qmax);

/// Symmetric quantization of real weights of one channel to [qmin, qmax]
/// around the middle of the storage range: zero point 0 where the range holds
/// 0 (i8), else its midpoint (128 for u8), scale max|real| / the distance
/// from the zero point to the nearer end (127 for both). Round half to even;
/// an all-zero channel gets scale 1 and every weight at the zero point.
QuantizedChannel quantizeSymmetric(const std::vector<double> &real,
                                   int64_t qmin, int64_t qmax);

/// True when every weight of the channel is its zero point: the channel
/// contributes nothing but its bias, whatever its scale.
bool isZeroChannel(const QuantizedChannel &channel);

/// round_half_even(real / scale) as an i32 bias, or std::nullopt when it
/// does not fit.
std::optional<int32_t> quantizeBias(double real, double scale);

/// Asymmetric (scale, zero point) covering [lo, hi] (widened to include 0,
/// so that zero is exact, as ReLU and padding need) with storage
/// [qmin, qmax].
struct AffineQuantization {
  double scale;
  int64_t zeroPoint;
};
AffineQuantization chooseAffineQuantization(double lo, double hi, int64_t qmin,
                                            int64_t qmax);

} // namespace mlir::qfold

#endif // QFOLD_SUPPORT_QUANTIZEDFOLDING_H
