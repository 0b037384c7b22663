//===- QuantizedFoldingTest.cpp - BatchNorm into quantized weights --------===//

#include "qfold/Support/QuantizedFolding.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir::qfold;

namespace {

double real(const QuantizedChannel &c, size_t i) {
  return c.scale * double(c.weights[i] - c.zeroPoint);
}

TEST(QuantizedFolding, PositiveFactorIsExact) {
  QuantizedChannel c{{-128, -3, 0, 127}, 0.5, 0};
  QuantizedChannel f = scaleQuantizedChannel(c, 2.5, -128, 127);
  EXPECT_EQ(f.weights, c.weights);
  EXPECT_EQ(f.scale, 1.25);
  for (size_t i = 0; i < 4; ++i)
    EXPECT_EQ(real(f, i), 2.5 * real(c, i));
}

TEST(QuantizedFolding, NegativeFactorMirrorsAroundTheZeroPoint) {
  QuantizedChannel c{{0, 10, 200}, 0.1, 100};
  QuantizedChannel f = scaleQuantizedChannel(c, -2.0, 0, 255);
  EXPECT_EQ(f.weights, (std::vector<int64_t>{200, 190, 0}));
  EXPECT_EQ(f.zeroPoint, 100);
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(real(f, i), -2.0 * real(c, i), 1e-12);
}

TEST(QuantizedFolding, NegativeFactorOutOfRangeRequantizes) {
  // -(-128) = 128 does not fit i8: re-quantized symmetrically.
  QuantizedChannel c{{-128, 64, 1}, 0.5, 0};
  QuantizedChannel f = scaleQuantizedChannel(c, -1.0, -128, 127);
  EXPECT_EQ(f.zeroPoint, 0);
  EXPECT_EQ(f.weights[0], 127);
  EXPECT_NEAR(real(f, 0), 64.0, 1e-12);
  EXPECT_NEAR(real(f, 1), -32.0, f.scale / 2);
}

TEST(QuantizedFolding, SymmetricRequantizationOfUnsignedStorage) {
  // u8 weights around 128 mirrored by a negative factor: 2 * 128 - 0 = 256
  // leaves u8, so the channel is re-quantized symmetrically around the middle
  // of u8 (zero point 128, 127 steps each way), not around 0 (no steps).
  QuantizedChannel c{{0, 200}, 0.5, 128};
  QuantizedChannel f = scaleQuantizedChannel(c, -1.0, 0, 255);
  EXPECT_EQ(f.zeroPoint, 128);
  EXPECT_DOUBLE_EQ(f.scale, 64.0 / 127.0);
  EXPECT_EQ(f.weights, (std::vector<int64_t>{255, 57}));
  EXPECT_TRUE(isRepresentableScale(f.scale));
  // Signed storage keeps zero point 0 (i8 and the narrow [-127, 127]).
  EXPECT_EQ(quantizeSymmetric({1.0, -2.0}, -128, 127).zeroPoint, 0);
  EXPECT_EQ(quantizeSymmetric({1.0, -2.0}, -127, 127).weights,
            (std::vector<int64_t>{64, -127}));
}

TEST(QuantizedFolding, ZeroChannelsAndRepresentableScales) {
  EXPECT_TRUE(isZeroChannel({{7, 7, 7}, 0.5, 7}));
  EXPECT_FALSE(isZeroChannel({{7, 8}, 0.5, 7}));
  EXPECT_TRUE(isRepresentableScale(1e-30));
  EXPECT_FALSE(isRepresentableScale(1e-40)); // subnormal in f32
  EXPECT_FALSE(isRepresentableScale(1e39));
  EXPECT_FALSE(isRepresentableScale(0.0));
  // A BatchNorm factor that takes a scale below f32's normal range is not
  // exact: the caller must not fold it this way.
  QuantizedChannel c{{1, 2}, 0.01, 0};
  EXPECT_FALSE(scaleQuantizedChannelExactly(c, 1e-44, -128, 127).has_value());
}

TEST(QuantizedFolding, ZeroFactor) {
  QuantizedChannel c{{5, -5}, 0.5, 0};
  QuantizedChannel f = scaleQuantizedChannel(c, 0.0, -128, 127);
  EXPECT_EQ(real(f, 0), 0.0);
  EXPECT_EQ(real(f, 1), 0.0);
}

TEST(QuantizedFolding, ExactScalingKeepsTheIntegersOrRefuses) {
  QuantizedChannel c{{0, 10, 200}, 0.1, 100};
  std::optional<QuantizedChannel> up =
      scaleQuantizedChannelExactly(c, 3.0, 0, 255);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->weights, c.weights);
  EXPECT_DOUBLE_EQ(up->scale, 0.3);
  std::optional<QuantizedChannel> mirrored =
      scaleQuantizedChannelExactly(c, -0.5, 0, 255);
  ASSERT_TRUE(mirrored.has_value());
  EXPECT_EQ(mirrored->weights, (std::vector<int64_t>{200, 190, 0}));
  for (size_t i = 0; i < 3; ++i)
    EXPECT_NEAR(real(*mirrored, i), -0.5 * real(c, i), 1e-12);
  // A zero factor keeps the scale and moves every weight to the zero point.
  std::optional<QuantizedChannel> zero =
      scaleQuantizedChannelExactly(c, 0.0, 0, 255);
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->weights, (std::vector<int64_t>{100, 100, 100}));
  EXPECT_EQ(zero->scale, 0.1);
  // Mirroring -128 leaves i8; an overflowing scale is no scale.
  QuantizedChannel s{{-128, 3}, 0.5, 0};
  EXPECT_FALSE(scaleQuantizedChannelExactly(s, -1.0, -128, 127).has_value());
  QuantizedChannel narrow{{-127, 3}, 0.5, 0};
  std::optional<QuantizedChannel> narrowMirrored =
      scaleQuantizedChannelExactly(narrow, -1.0, -127, 127);
  ASSERT_TRUE(narrowMirrored.has_value());
  EXPECT_EQ(narrowMirrored->weights, (std::vector<int64_t>{127, -3}));
  QuantizedChannel huge{{1}, 1e300, 0};
  EXPECT_FALSE(scaleQuantizedChannelExactly(huge, 1e10, -128, 127).has_value());
}

TEST(QuantizedFolding, Bias) {
  EXPECT_EQ(quantizeBias(1.25, 0.5), std::optional<int32_t>(2)); // 2.5 -> 2
  EXPECT_EQ(quantizeBias(-1.75, 0.5), std::optional<int32_t>(-4));
  EXPECT_FALSE(quantizeBias(1e10, 1e-3).has_value());
}

TEST(QuantizedFolding, AffineQuantization) {
  AffineQuantization relu = chooseAffineQuantization(0.0, 6.0, 0, 255);
  EXPECT_EQ(relu.zeroPoint, 0);
  EXPECT_DOUBLE_EQ(relu.scale, 6.0 / 255.0);
  AffineQuantization both = chooseAffineQuantization(-1.0, 3.0, 0, 255);
  EXPECT_DOUBLE_EQ(both.scale, 4.0 / 255.0);
  EXPECT_EQ(both.zeroPoint, 64); // -(-1) / (4/255) = 63.75 -> 64
  // Zero is always representable.
  AffineQuantization positive = chooseAffineQuantization(2.0, 3.0, -128, 127);
  EXPECT_EQ(positive.zeroPoint, -128);
}

} // namespace
