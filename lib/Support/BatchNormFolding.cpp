//===- BatchNormFolding.cpp - BatchNorm-into-conv arithmetic --------------===//

#include "qfold/Support/BatchNormFolding.h"

#include <cmath>
#include <sstream>

namespace mlir::qfold {

std::optional<std::string> validateBatchNormParams(const BatchNormParams &bn) {
  size_t c = bn.numChannels();
  if (bn.beta.size() != c || bn.mean.size() != c || bn.variance.size() != c)
    return std::string("scale, bias, mean and variance must have the same "
                       "number of elements");
  if (!std::isfinite(bn.epsilon) || bn.epsilon < 0.0) {
    std::ostringstream os;
    os << "epsilon must be finite and >= 0, got " << bn.epsilon;
    return os.str();
  }
  const struct {
    const char *name;
    const std::vector<double> &values;
  } params[] = {{"scale", bn.gamma},
                {"bias", bn.beta},
                {"mean", bn.mean},
                {"variance", bn.variance}};
  for (size_t i = 0; i < c; ++i) {
    for (const auto &p : params) {
      if (!std::isfinite(p.values[i])) {
        std::ostringstream os;
        os << p.name << " of channel " << i << " is not finite (" << p.values[i]
           << ")";
        return os.str();
      }
    }
    double denom = bn.variance[i] + bn.epsilon;
    if (!(denom > 0.0)) {
      std::ostringstream os;
      os << "variance + epsilon must be > 0, but channel " << i << " has "
         << bn.variance[i] << " + " << bn.epsilon << " = " << denom;
      return os.str();
    }
  }
  return std::nullopt;
}

ChannelAffine computeBatchNormAffine(const BatchNormParams &bn) {
  ChannelAffine affine;
  size_t c = bn.numChannels();
  affine.scale.resize(c);
  affine.shift.resize(c);
  for (size_t i = 0; i < c; ++i) {
    double s = bn.gamma[i] / std::sqrt(bn.variance[i] + bn.epsilon);
    affine.scale[i] = s;
    affine.shift[i] = bn.beta[i] - bn.mean[i] * s;
  }
  return affine;
}

double foldBatchNormIntoBias(const BatchNormParams &bn,
                             const ChannelAffine &affine, size_t channel,
                             double bias) {
  return affine.scale[channel] * (bias - bn.mean[channel]) + bn.beta[channel];
}

bool isIdentityBatchNorm(const BatchNormParams &bn) {
  ChannelAffine affine = computeBatchNormAffine(bn);
  for (size_t i = 0; i < bn.numChannels(); ++i)
    if (affine.scale[i] != 1.0 || affine.shift[i] != 0.0)
      return false;
  return true;
}

FoldedConvParams foldBatchNormIntoConv(const std::vector<float> &filter,
                                       const std::vector<float> &bias,
                                       const BatchNormParams &bn) {
  size_t channels = bn.numChannels();
  size_t perChannel = channels ? filter.size() / channels : 0;
  ChannelAffine affine = computeBatchNormAffine(bn);

  FoldedConvParams folded;
  folded.filter.resize(filter.size());
  folded.bias.resize(channels);
  for (size_t o = 0; o < channels; ++o) {
    double s = affine.scale[o];
    for (size_t k = 0; k < perChannel; ++k) {
      size_t idx = o * perChannel + k;
      folded.filter[idx] = static_cast<float>(s * double(filter[idx]));
    }
    double b = bias.empty() ? 0.0 : double(bias[o]);
    folded.bias[o] =
        static_cast<float>(foldBatchNormIntoBias(bn, affine, o, b));
  }
  return folded;
}

std::optional<std::string>
validateFoldedConvParams(const FoldedConvParams &folded) {
  size_t channels = folded.bias.size();
  size_t perChannel = channels ? folded.filter.size() / channels : 0;
  for (size_t i = 0; i < folded.filter.size(); ++i) {
    if (!std::isfinite(folded.filter[i])) {
      std::ostringstream os;
      os << "the folded filter of channel " << i / perChannel << " is "
         << folded.filter[i] << " in f32";
      return os.str();
    }
  }
  for (size_t o = 0; o < channels; ++o) {
    if (!std::isfinite(folded.bias[o])) {
      std::ostringstream os;
      os << "the folded bias of channel " << o << " is " << folded.bias[o]
         << " in f32";
      return os.str();
    }
  }
  return std::nullopt;
}

} // namespace mlir::qfold
