//===- BatchNormFoldingTest.cpp - BatchNorm folding arithmetic ------------===//

#include "qfold/Support/BatchNormFolding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace mlir::qfold;

namespace {

BatchNormParams makeParams(std::vector<double> gamma, std::vector<double> beta,
                           std::vector<double> mean,
                           std::vector<double> variance, double epsilon) {
  return {std::move(gamma), std::move(beta), std::move(mean),
          std::move(variance), epsilon};
}

TEST(BatchNormFolding, HandComputedOneByOne) {
  // s = 3 / sqrt(3 + 1) = 1.5; w' = 1.5 * 2 = 3; b' = 1.5 * (1 - 2) + 0.5 = -1.
  BatchNormParams bn = makeParams({3.0}, {0.5}, {2.0}, {3.0}, 1.0);
  FoldedConvParams folded = foldBatchNormIntoConv({2.0f}, {1.0f}, bn);
  ASSERT_EQ(folded.filter.size(), 1u);
  ASSERT_EQ(folded.bias.size(), 1u);
  EXPECT_EQ(folded.filter[0], 3.0f);
  EXPECT_EQ(folded.bias[0], -1.0f);
}

TEST(BatchNormFolding, NoBiasMeansZeroBias) {
  // b' = s * (0 - mean) + beta = 2 * (-1) + 4 = 2 with s = 4 / sqrt(4) = 2.
  BatchNormParams bn = makeParams({4.0}, {4.0}, {1.0}, {4.0}, 0.0);
  FoldedConvParams folded = foldBatchNormIntoConv({1.0f, -1.0f}, {}, bn);
  EXPECT_EQ(folded.filter, (std::vector<float>{2.0f, -2.0f}));
  EXPECT_EQ(folded.bias, (std::vector<float>{2.0f}));
}

TEST(BatchNormFolding, ScalesAlongOutputChannelsOfDepthwiseFilter) {
  // A depthwise filter with 2 input channels and multiplier 2: O = 4 output
  // channels of shape 1x2x2 each (OIHW with I = 1). Every output channel owns
  // 4 consecutive weights and must be scaled by its own factor.
  std::vector<float> filter(16);
  for (int i = 0; i < 16; ++i)
    filter[i] = float(i + 1);
  BatchNormParams bn = makeParams({1.0, 2.0, -3.0, 0.5}, {0, 0, 0, 0},
                                  {0, 0, 0, 0}, {1.0, 1.0, 1.0, 1.0}, 0.0);
  FoldedConvParams folded = foldBatchNormIntoConv(filter, {}, bn);
  const double scale[] = {1.0, 2.0, -3.0, 0.5};
  for (int o = 0; o < 4; ++o)
    for (int k = 0; k < 4; ++k)
      EXPECT_EQ(folded.filter[o * 4 + k], float(scale[o] * filter[o * 4 + k]))
          << "output channel " << o << " element " << k;
}

TEST(BatchNormFolding, RoundsOnceFromDouble) {
  // Values whose f32 evaluation step by step differs from one rounding of
  // the double result.
  float w = 0.1f, b = 0.3f;
  double gamma = 0.7, beta = -0.2, mean = 0.11, var = 0.013, eps = 1e-5;
  BatchNormParams bn = makeParams({gamma}, {beta}, {mean}, {var}, eps);
  FoldedConvParams folded = foldBatchNormIntoConv({w}, {b}, bn);
  double s = gamma / std::sqrt(var + eps);
  EXPECT_EQ(folded.filter[0], float(s * double(w)));
  EXPECT_EQ(folded.bias[0], float(s * (double(b) - mean) + beta));
}

TEST(BatchNormFolding, AffineForm) {
  BatchNormParams bn =
      makeParams({2.0, 1.0}, {1.0, 0.0}, {3.0, -1.0}, {4.0, 0.25}, 0.0);
  ChannelAffine affine = computeBatchNormAffine(bn);
  EXPECT_EQ(affine.scale, (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(affine.shift, (std::vector<double>{-2.0, 2.0}));
}

TEST(BatchNormFolding, IdentityDetection) {
  EXPECT_TRUE(isIdentityBatchNorm(
      makeParams({1.0, 2.0}, {0.0, 5.0}, {0.0, 5.0}, {1.0, 4.0}, 0.0)));
  // gamma == sqrt(var + eps) only approximately: not the identity.
  EXPECT_FALSE(
      isIdentityBatchNorm(makeParams({1.0}, {0.0}, {0.0}, {1.0}, 1e-5)));
  EXPECT_FALSE(
      isIdentityBatchNorm(makeParams({1.0}, {0.5}, {0.0}, {1.0}, 0.0)));
}

TEST(BatchNormFolding, ValidationAcceptsGoodParams) {
  EXPECT_EQ(
      validateBatchNormParams(makeParams({1.0}, {0.0}, {0.0}, {0.0}, 1e-5)),
      std::nullopt);
}

TEST(BatchNormFolding, ValidationRejectsNonPositiveVariancePlusEpsilon) {
  std::optional<std::string> zero = validateBatchNormParams(
      makeParams({1.0, 1.0}, {0.0, 0.0}, {0.0, 0.0}, {1.0, 0.0}, 0.0));
  ASSERT_TRUE(zero.has_value());
  EXPECT_NE(zero->find("channel 1"), std::string::npos) << *zero;
  EXPECT_NE(zero->find("variance + epsilon must be > 0"), std::string::npos);

  std::optional<std::string> negative =
      validateBatchNormParams(makeParams({1.0}, {0.0}, {0.0}, {-2.0}, 1.0));
  ASSERT_TRUE(negative.has_value());
  EXPECT_NE(negative->find("channel 0"), std::string::npos) << *negative;
}

TEST(BatchNormFolding, ValidationRejectsNonFiniteParameters) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  std::optional<std::string> nanGamma = validateBatchNormParams(
      makeParams({1.0, nan}, {0.0, 0.0}, {0.0, 0.0}, {1.0, 1.0}, 0.0));
  ASSERT_TRUE(nanGamma.has_value());
  EXPECT_NE(nanGamma->find("scale of channel 1 is not finite"),
            std::string::npos)
      << *nanGamma;
  std::optional<std::string> infMean =
      validateBatchNormParams(makeParams({1.0}, {0.0}, {-inf}, {1.0}, 0.0));
  ASSERT_TRUE(infMean.has_value());
  EXPECT_NE(infMean->find("mean of channel 0"), std::string::npos) << *infMean;
  std::optional<std::string> infVariance =
      validateBatchNormParams(makeParams({1.0}, {0.0}, {0.0}, {inf}, 0.0));
  ASSERT_TRUE(infVariance.has_value());
  EXPECT_NE(infVariance->find("variance of channel 0"), std::string::npos);
}

TEST(BatchNormFolding, ValidationRejectsBadEpsilonAndLengths) {
  EXPECT_TRUE(
      validateBatchNormParams(makeParams({1.0}, {0.0}, {0.0}, {1.0}, -1e-3))
          .has_value());
  EXPECT_TRUE(
      validateBatchNormParams(makeParams({1.0, 1.0}, {0.0}, {0.0}, {1.0}, 0.0))
          .has_value());
}

} // namespace
