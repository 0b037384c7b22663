//===- QuantizedClampTest.cpp - rounding rule and clamp ranges ------------===//

#include "qfold/Support/QuantizedClamp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace mlir::qfold;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(QuantizedClamp, RoundHalfToEven) {
  EXPECT_EQ(roundHalfToEven(0.5), 0.0);
  EXPECT_EQ(roundHalfToEven(1.5), 2.0);
  EXPECT_EQ(roundHalfToEven(2.5), 2.0);
  EXPECT_EQ(roundHalfToEven(-0.5), 0.0);
  EXPECT_EQ(roundHalfToEven(-1.5), -2.0);
  EXPECT_EQ(roundHalfToEven(-2.5), -2.0);
  EXPECT_EQ(roundHalfToEven(2.4999999), 2.0);
  EXPECT_EQ(roundHalfToEven(2.5000001), 3.0);
  EXPECT_EQ(roundHalfToEven(-7.0), -7.0);
  EXPECT_EQ(roundHalfToEven(4503599627370497.0), 4503599627370497.0);
  EXPECT_EQ(roundHalfToEven(kInf), kInf);
  EXPECT_EQ(roundHalfToEven(-kInf), -kInf);
  // Agrees with the IEEE rounding of the FPU in its default mode.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> dist(-1000.0, 1000.0);
  for (int i = 0; i < 100000; ++i) {
    double v = std::ldexp(std::round(std::ldexp(dist(rng), 3)), -3);
    ASSERT_EQ(roundHalfToEven(v), std::nearbyint(v)) << v;
  }
}

TEST(QuantizedClamp, ReluBoundIsTheZeroPoint) {
  // u8 with zero point 128 and i8 with zero point -5: ReLU clamps at zp.
  EXPECT_EQ(quantizeSaturating(0.0, 0.02, 128, 0, 255), 128);
  EXPECT_EQ(quantizeSaturating(0.0, 0.02, -5, -128, 127), -5);
  EXPECT_EQ(quantizeSaturating(kInf, 0.02, -5, -128, 127), 127);
  EXPECT_EQ(quantizeSaturating(-kInf, 0.02, -5, -128, 127), -128);
}

TEST(QuantizedClamp, Relu6Bound) {
  // 6 / 0.05 = 120 (exactly representable ratio) and 6 / (6/255) = 255.
  EXPECT_EQ(quantizeSaturating(6.0, 0.05, 0, 0, 255), 120);
  EXPECT_EQ(quantizeSaturating(6.0, 6.0 / 255.0, 0, 0, 255), 255);
  // A tie rounds to even: 0.25 / 0.1 = 2.5 -> 2, 0.35 / 0.1 = 3.5 -> 4.
  EXPECT_EQ(quantizeSaturating(0.25, 0.1, 10, 0, 255), 12);
  EXPECT_EQ(quantizeSaturating(0.375, 0.25, 10, 0, 255), 12);
}

TEST(QuantizedClamp, BoundsOutsideTheStorageRangeSaturate) {
  EXPECT_EQ(quantizeSaturating(100.0, 0.1, 0, 0, 255), 255);
  EXPECT_EQ(quantizeSaturating(-100.0, 0.1, 0, -128, 127), -128);
  EXPECT_EQ(quantizeSaturating(1e300, 1e-300, 0, -128, 127), 127);
  EXPECT_EQ(quantizeSaturating(-1e300, 1e-300, 0, -128, 127), -128);
  // Narrow-range storage (i8<-127:127>).
  EXPECT_EQ(quantizeSaturating(-1e9, 1.0, 0, -127, 127), -127);
}

TEST(QuantizedClamp, ComposeOverlappingRanges) {
  EXPECT_EQ(composeClampRanges<double>({0.0, kInf}, {-kInf, 6.0}),
            (RealRange{0.0, 6.0}));
  EXPECT_EQ(composeClampRanges<double>({-1.0, 3.0}, {0.0, 6.0}),
            (RealRange{0.0, 3.0}));
  EXPECT_EQ(composeClampRanges<int64_t>({10, 200}, {128, 255}),
            (IntRange{128, 200}));
}

TEST(QuantizedClamp, ComposeDisjointRangesIsAConstant) {
  // clamp(clamp(x, 0, 1), 2, 3) == 2 for every x.
  EXPECT_EQ(composeClampRanges<double>({0.0, 1.0}, {2.0, 3.0}),
            (RealRange{2.0, 2.0}));
  // clamp(clamp(x, 5, 9), 0, 3) == 3 for every x.
  EXPECT_EQ(composeClampRanges<int64_t>({5, 9}, {0, 3}), (IntRange{3, 3}));
}

TEST(QuantizedClamp, CompositionMatchesApplyingBothClamps) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> dist(-20, 20);
  for (int i = 0; i < 20000; ++i) {
    int a = dist(rng), b = dist(rng), c = dist(rng), d = dist(rng);
    IntRange first{std::min(a, b), std::max(a, b)};
    IntRange second{std::min(c, d), std::max(c, d)};
    IntRange composed = composeClampRanges(first, second);
    ASSERT_LE(composed.lo, composed.hi);
    for (int x = -25; x <= 25; ++x) {
      int64_t twice = std::clamp<int64_t>(
          std::clamp<int64_t>(x, first.lo, first.hi), second.lo, second.hi);
      ASSERT_EQ(twice, std::clamp<int64_t>(x, composed.lo, composed.hi));
    }
  }
}

TEST(QuantizedClamp, ClampingCommutesWithQuantization) {
  // The property that makes absorbing a clamp into an integer range exact:
  // quantize(clamp(x, a, b)) == clamp(quantize(x), quantize(a), quantize(b)).
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> real(-8.0, 8.0);
  std::uniform_real_distribution<double> scaleDist(0.001, 0.2);
  std::uniform_int_distribution<int> zpDist(0, 255);
  for (int i = 0; i < 200000; ++i) {
    double scale = scaleDist(rng);
    int64_t zp = zpDist(rng);
    double a = real(rng), b = real(rng), x = real(rng);
    if (a > b)
      std::swap(a, b);
    IntRange q = quantizeRange({a, b}, scale, zp, 0, 255);
    int64_t direct = quantizeSaturating(std::clamp(x, a, b), scale, zp, 0, 255);
    int64_t viaRange =
        std::clamp(quantizeSaturating(x, scale, zp, 0, 255), q.lo, q.hi);
    ASSERT_EQ(direct, viaRange) << "x=" << x << " a=" << a << " b=" << b;
  }
}

TEST(QuantizedClamp, DequantizeRange) {
  RealRange r = dequantizeRange({0, 255}, 0.5, 128);
  EXPECT_EQ(r.lo, -64.0);
  EXPECT_EQ(r.hi, 63.5);
}

} // namespace

namespace {

TEST(QuantizedClamp, QuantizeF32RoundsAsTheRunTimeCast) {
  // -12.0500002f / 0.1: exactly -120.5 in f32 (a tie, to even: -120), but
  // -120.500002 with the scale in double (-121). The run-time qcast divides
  // in f32, so compile-time quantization of constants must too.
  float w = -12.0500002f;
  EXPECT_EQ(quantizeF32(w, 0.1, 0, -128, 127), -120);
  EXPECT_EQ(quantizeSaturating(w, 0.1, 0, -128, 127), -121);
  // The zero point is added in f32 after rounding; saturation; NaN -> qmin.
  EXPECT_EQ(quantizeF32(2.5f, 1.0, 10, 0, 255), 12);
  EXPECT_EQ(quantizeF32(-1.0f, 0.01, 3, 0, 255), 0);
  EXPECT_EQ(quantizeF32(1e30f, 0.01, 0, -128, 127), 127);
  EXPECT_EQ(quantizeF32(std::nanf(""), 0.1, 5, -128, 127), -128);
}

} // namespace
