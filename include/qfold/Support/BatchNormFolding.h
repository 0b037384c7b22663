//===- BatchNormFolding.h - BatchNorm-into-conv arithmetic ------*- C++ -*-===//
//
// The single source of truth for folding an inference BatchNorm into the
// convolution that feeds it. Pure C++ (no MLIR types) so that the rewrite
// patterns, the lowering and the unit tests all use the same formulas.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_SUPPORT_BATCHNORMFOLDING_H
#define QFOLD_SUPPORT_BATCHNORMFOLDING_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::qfold {

/// The per-channel statistics of an inference BatchNorm, widened to double.
struct BatchNormParams {
  std::vector<double> gamma; // scale
  std::vector<double> beta;  // bias
  std::vector<double> mean;
  std::vector<double> variance;
  double epsilon = 0.0;

  size_t numChannels() const { return gamma.size(); }
};

/// The BatchNorm written as the affine map y = scale * x + shift per channel,
/// with scale = gamma / sqrt(variance + epsilon) and
/// shift = beta - mean * scale, both in double precision.
struct ChannelAffine {
  std::vector<double> scale;
  std::vector<double> shift;
};

/// Checks what folding needs: equal parameter lengths, finite parameters and
/// epsilon, epsilon >= 0, and variance + epsilon > 0 for every channel.
/// Returns a message naming the first offending channel, or std::nullopt.
std::optional<std::string> validateBatchNormParams(const BatchNormParams &bn);

/// Computes the affine form. Requires validateBatchNormParams to pass.
ChannelAffine computeBatchNormAffine(const BatchNormParams &bn);

/// The folded bias of one channel: scale[c] * (bias - mean[c]) + beta[c],
/// in double. The one home of this formula (float folding, the fake-quantized
/// fold and the Q/DQ fusion all call it).
double foldBatchNormIntoBias(const BatchNormParams &bn,
                             const ChannelAffine &affine, size_t channel,
                             double bias);

/// True when the BatchNorm is exactly the identity: scale == 1 and
/// shift == 0 for every channel (computed in double).
bool isIdentityBatchNorm(const BatchNormParams &bn);

/// A convolution's filter and bias after folding a BatchNorm into it.
struct FoldedConvParams {
  std::vector<float> filter; // same layout as the input filter (OIHW)
  std::vector<float> bias;   // one per output channel
};

/// Folds a BatchNorm over the output channels into a convolution:
///   filter'[o, ...] = scale[o] * filter[o, ...]
///   bias'[o]        = scale[o] * (bias[o] - mean[o]) + beta[o]
/// `filter` is laid out with the output channel outermost (OIHW), so each
/// output channel owns filter.size() / numChannels consecutive elements; this
/// makes the fold correct for grouped and depthwise filters too. An empty
/// `bias` means a conv without bias (bias = 0). Every value is computed in
/// double and rounded to f32 once. Requires validateBatchNormParams to pass
/// and filter.size() to be a multiple of the channel count.
FoldedConvParams foldBatchNormIntoConv(const std::vector<float> &filter,
                                       const std::vector<float> &bias,
                                       const BatchNormParams &bn);

/// Checks that every folded value is a finite f32 (a huge gamma over a tiny
/// variance overflows to inf, which no conv can take). Returns a message
/// naming the first value that is not, or std::nullopt.
std::optional<std::string>
validateFoldedConvParams(const FoldedConvParams &folded);

} // namespace mlir::qfold

#endif // QFOLD_SUPPORT_BATCHNORMFOLDING_H
