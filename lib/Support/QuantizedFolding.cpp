//===- QuantizedFolding.cpp - BatchNorm into quantized weights ------------===//

#include "qfold/Support/QuantizedFolding.h"
#include "qfold/Support/QuantizedClamp.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlir::qfold {

bool isRepresentableScale(double scale) {
  return std::isfinite(scale) &&
         scale >= double(std::numeric_limits<float>::min()) &&
         scale <= double(std::numeric_limits<float>::max());
}

QuantizedChannel quantizeSymmetric(const std::vector<double> &real,
                                   int64_t qmin, int64_t qmax) {
  double maxAbs = 0.0;
  for (double v : real)
    maxAbs = std::max(maxAbs, std::abs(v));
  QuantizedChannel result;
  result.zeroPoint = qmin < 0 && qmax > 0 ? 0 : qmin + (qmax - qmin + 1) / 2;
  int64_t limit = std::min(result.zeroPoint - qmin, qmax - result.zeroPoint);
  result.scale = maxAbs > 0.0 ? maxAbs / double(limit) : 1.0;
  for (double v : real)
    result.weights.push_back(
        quantizeSaturating(v, result.scale, result.zeroPoint, qmin, qmax));
  return result;
}

bool isZeroChannel(const QuantizedChannel &channel) {
  return std::all_of(channel.weights.begin(), channel.weights.end(),
                     [&](int64_t w) { return w == channel.zeroPoint; });
}

std::optional<QuantizedChannel>
scaleQuantizedChannelExactly(const QuantizedChannel &channel, double factor,
                             int64_t qmin, int64_t qmax) {
  QuantizedChannel result = channel;
  if (factor == 0.0) {
    for (int64_t &w : result.weights)
      w = channel.zeroPoint;
    return result;
  }
  result.scale = channel.scale * std::abs(factor);
  if (!isRepresentableScale(result.scale))
    return std::nullopt;
  if (factor > 0.0)
    return result;
  for (int64_t &w : result.weights) {
    w = 2 * channel.zeroPoint - w;
    if (w < qmin || w > qmax)
      return std::nullopt;
  }
  return result;
}

QuantizedChannel scaleQuantizedChannel(const QuantizedChannel &channel,
                                       double factor, int64_t qmin,
                                       int64_t qmax) {
  // A zero factor is re-quantized symmetrically rather than kept at the old
  // scale: the Q/DQ fusion and PTQ want every channel's scale to say what its
  // weights span.
  if (factor != 0.0)
    if (std::optional<QuantizedChannel> exact =
            scaleQuantizedChannelExactly(channel, factor, qmin, qmax))
      return *exact;
  std::vector<double> real;
  for (int64_t w : channel.weights)
    real.push_back(factor * channel.scale * double(w - channel.zeroPoint));
  return quantizeSymmetric(real, qmin, qmax);
}

std::optional<int32_t> quantizeBias(double real, double scale) {
  double q = roundHalfToEven(real / scale);
  if (!std::isfinite(q) || q < double(std::numeric_limits<int32_t>::min()) ||
      q > double(std::numeric_limits<int32_t>::max()))
    return std::nullopt;
  return static_cast<int32_t>(q);
}

AffineQuantization chooseAffineQuantization(double lo, double hi, int64_t qmin,
                                            int64_t qmax) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (!(hi > lo))
    return {1.0, qmin < 0 && qmax > 0 ? 0 : qmin};
  double scale = (hi - lo) / double(qmax - qmin);
  int64_t zeroPoint =
      quantizeSaturating(-lo / scale + double(qmin), 1.0, 0, qmin, qmax);
  return {scale, zeroPoint};
}

} // namespace mlir::qfold
