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

TEST(QuantizedFolding, ZeroFactor) {
  QuantizedChannel c{{5, -5}, 0.5, 0};
  QuantizedChannel f = scaleQuantizedChannel(c, 0.0, -128, 127);
  EXPECT_EQ(real(f, 0), 0.0);
  EXPECT_EQ(real(f, 1), 0.0);
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
