//===- RequantizeTest.cpp - requantization against gemmlowp and ONNX ------===//
//
// The `tflite` mode is checked bit for bit against gemmlowp's own header
// (Debian libgemmlowp-dev) over more than 10^6 random and edge inputs.
//
//===----------------------------------------------------------------------===//

#include "qfold/Support/Requantize.h"

#include <gemmlowp/fixedpoint/fixedpoint.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace mlir::qfold;

namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();

/// Edge values: the extremes, small values, powers of two and their
/// neighbours, and values near multiples of 2^k (exact ties).
std::vector<int32_t> edgeValues() {
  std::vector<int32_t> values = {kMin, kMin + 1, kMax, kMax - 1, 0, 1,
                                 -1,   2,        -2,   3,        -3};
  for (int k = 1; k < 31; ++k) {
    int32_t p = int32_t(1) << k;
    for (int32_t v : {p, p - 1, p + 1, -p, -p + 1, -p - 1, p / 2 * 3})
      values.push_back(v);
  }
  return values;
}

TEST(Requantize, SaturatingRoundingDoublingHighMulMatchesGemmlowp) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  std::vector<int32_t> edges = edgeValues();
  int64_t checked = 0;
  for (int32_t a : edges)
    for (int32_t b : edges) {
      ASSERT_EQ(saturatingRoundingDoublingHighMul(a, b),
                gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
          << a << " * " << b;
      ++checked;
    }
  for (int i = 0; i < 400000; ++i) {
    int32_t a = any(rng), b = any(rng);
    ASSERT_EQ(saturatingRoundingDoublingHighMul(a, b),
              gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
        << a << " * " << b;
    ++checked;
  }
  // Exact ties: a * b == (2k + 1) * 2^30.
  for (int i = 0; i < 100000; ++i) {
    int32_t a = (any(rng) | 1) >> 2;
    int32_t b = int32_t(1) << 30;
    ASSERT_EQ(saturatingRoundingDoublingHighMul(a, b),
              gemmlowp::SaturatingRoundingDoublingHighMul(a, b));
    ++checked;
  }
  RecordProperty("cases", std::to_string(checked));
}

TEST(Requantize, RoundingDivideByPOTMatchesGemmlowp) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  int64_t checked = 0;
  for (int exponent = 0; exponent <= 31; ++exponent) {
    for (int32_t x : edgeValues()) {
      ASSERT_EQ(roundingDivideByPOT(x, exponent),
                gemmlowp::RoundingDivideByPOT(x, exponent))
          << x << " / 2^" << exponent;
      ++checked;
    }
    for (int i = 0; i < 10000; ++i) {
      int32_t x = any(rng);
      // Every other value is made an exact tie: x = k * 2^e + 2^(e - 1).
      if (exponent > 0 && i % 2) {
        // Multiplied, not shifted back: << of a negative value is undefined.
        int64_t tie = (int64_t(x) >> exponent) * (int64_t(1) << exponent) +
                      (int64_t(1) << (exponent - 1));
        if (tie >= kMin && tie <= kMax)
          x = int32_t(tie);
      }
      ASSERT_EQ(roundingDivideByPOT(x, exponent),
                gemmlowp::RoundingDivideByPOT(x, exponent))
          << x << " / 2^" << exponent;
      ++checked;
    }
  }
  RecordProperty("cases", std::to_string(checked));
}

/// TFLite's MultiplyByQuantizedMultiplier written with gemmlowp's functions,
/// for shifts whose left shift does not overflow.
int32_t tfliteReference(int32_t x, int32_t multiplier, int shift) {
  int leftShift = shift > 0 ? shift : 0;
  int rightShift = shift > 0 ? 0 : -shift;
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(
          static_cast<int32_t>(int64_t(x) * (int64_t(1) << leftShift)),
          multiplier),
      rightShift);
}

// The one-rounding form of the generated code against the two roundings of
// the reference, for every right shift: random and edge accumulators, Q31
// multipliers (and 0, the flushed multiplier), and the exact ties of both
// roundings (products p with p mod 2^31 = 2^30, and quotients halfway
// between multiples of 2^r).
TEST(Requantize, HighMulRoundingShiftMatchesTwoRoundings) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  std::uniform_int_distribution<int32_t> q31(int32_t(1) << 30, kMax);
  std::vector<int32_t> multipliers = {0, int32_t(1) << 30, kMax,
                                      (int32_t(1) << 30) + 1};
  for (int i = 0; i < 16; ++i)
    multipliers.push_back(q31(rng));
  std::vector<int32_t> values = edgeValues();
  for (int i = 0; i < 2000; ++i)
    values.push_back(any(rng));
  for (int r = 0; r <= 31; ++r) {
    for (int32_t m : multipliers) {
      for (int32_t x : values)
        ASSERT_EQ(
            highMulRoundingShift(x, m, r),
            roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, m), r))
            << "x=" << x << " m=" << m << " r=" << r;
      // Multiplier 2^30: p = x * 2^30 ties the high multiply for odd x;
      // then h = x/2 rounded, and x near k * 2^(r+1) ties the shift.
      for (int64_t k = -40; k <= 40; ++k)
        for (int64_t d = -2; d <= 2; ++d) {
          int64_t x = k * (int64_t(1) << std::min(r + 1, 30)) + d;
          if (x < kMin || x > kMax)
            continue;
          ASSERT_EQ(highMulRoundingShift(int32_t(x), m, r),
                    roundingDivideByPOT(
                        saturatingRoundingDoublingHighMul(int32_t(x), m), r))
              << "x=" << x << " m=" << m << " r=" << r;
        }
    }
  }
}

TEST(Requantize, MultiplyByQuantizedMultiplierMatchesTflite) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int32_t> any(kMin, kMax);
  std::uniform_int_distribution<int32_t> mult(1 << 30, kMax);
  int64_t checked = 0;
  for (int shift = -31; shift <= 30; ++shift) {
    for (int i = 0; i < 8000; ++i) {
      int32_t m = i < 4 ? kMax - i : (i < 8 ? (1 << 30) + i : mult(rng));
      int32_t x = any(rng);
      if (shift > 0)
        x >>= shift; // keep TFLite's left shift defined
      QuantizedMultiplier qm{m, shift};
      ASSERT_EQ(multiplyByQuantizedMultiplier(x, qm),
                tfliteReference(x, m, shift))
          << x << " * " << m << " shift " << shift;
      ++checked;
    }
  }
  RecordProperty("cases", std::to_string(checked));
}

TEST(Requantize, LeftShiftSaturates) {
  // M = 0.5 * 2^4 = 8: x * 2^4 saturates before the Q31 multiply by 0.5, so
  // the product keeps its sign and a magnitude far outside any storage range,
  // and the final clamp gives the saturated value.
  QuantizedMultiplier m{1 << 30, 4};
  EXPECT_EQ(multiplyByQuantizedMultiplier(kMax / 2, m), 1 << 30);
  EXPECT_EQ(multiplyByQuantizedMultiplier(kMin / 2, m), -(1 << 30));
  EXPECT_EQ(requantizeTflite(kMax, m, 128, 0, 255), 255);
  EXPECT_EQ(requantizeTflite(kMin, m, 128, 0, 255), 0);
}

TEST(Requantize, QuantizeMultiplier) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> exponent(-30.0, 29.0);
  for (int i = 0; i < 100000; ++i) {
    double real = std::exp2(exponent(rng));
    std::optional<QuantizedMultiplier> q = quantizeMultiplier(real);
    ASSERT_TRUE(q.has_value()) << real;
    ASSERT_GE(q->multiplier, 1 << 30);
    double decoded = double(q->multiplier) * std::exp2(q->shift - 31);
    ASSERT_LE(std::abs(decoded - real), real * std::exp2(-31)) << real;
  }
  // Mantissas that round up to 2^31 renormalise.
  std::optional<QuantizedMultiplier> nearOne =
      quantizeMultiplier(1.0 - std::exp2(-40));
  ASSERT_TRUE(nearOne.has_value());
  EXPECT_EQ(nearOne->multiplier, 1 << 30);
  EXPECT_EQ(nearOne->shift, 1);
  // Too small: every product is 0 (TFLite's convention).
  std::optional<QuantizedMultiplier> tiny = quantizeMultiplier(1e-12);
  ASSERT_TRUE(tiny.has_value());
  EXPECT_EQ(tiny->multiplier, 0);
  EXPECT_EQ(multiplyByQuantizedMultiplier(kMax, *tiny), 0);
  // Unrepresentable.
  EXPECT_FALSE(quantizeMultiplier(0.0).has_value());
  EXPECT_FALSE(quantizeMultiplier(-0.5).has_value());
  EXPECT_FALSE(quantizeMultiplier(std::nan("")).has_value());
  EXPECT_FALSE(quantizeMultiplier(INFINITY).has_value());
  EXPECT_FALSE(quantizeMultiplier(std::exp2(30)).has_value());
  EXPECT_TRUE(quantizeMultiplier(std::exp2(30) * 0.99).has_value());
}

TEST(Requantize, OnnxTiesToEven) {
  // 0.5 * {1, 3, 5, -1, -3} = {0.5, 1.5, 2.5, -0.5, -1.5}.
  EXPECT_EQ(requantizeOnnx(1, 0.5f, 0, -128, 127), 0);
  EXPECT_EQ(requantizeOnnx(3, 0.5f, 0, -128, 127), 2);
  EXPECT_EQ(requantizeOnnx(5, 0.5f, 0, -128, 127), 2);
  EXPECT_EQ(requantizeOnnx(-1, 0.5f, 0, -128, 127), 0);
  EXPECT_EQ(requantizeOnnx(-3, 0.5f, 0, -128, 127), -2);
  EXPECT_EQ(requantizeOnnx(7, 0.5f, 10, 0, 255), 14);
}

TEST(Requantize, OnnxSaturatesAtBothEnds) {
  EXPECT_EQ(requantizeOnnx(kMax, 1.0f, 0, 0, 255), 255);
  EXPECT_EQ(requantizeOnnx(kMin, 1.0f, 0, 0, 255), 0);
  EXPECT_EQ(requantizeOnnx(1000, 0.25f, -5, -128, 127), 127);
  EXPECT_EQ(requantizeOnnx(-1000, 0.25f, -5, -128, 127), -128);
  // A fused clamp range narrower than the storage range.
  EXPECT_EQ(requantizeOnnx(-40, 0.25f, 128, 128, 200), 128);
  EXPECT_EQ(requantizeOnnx(4000, 0.25f, 128, 128, 200), 200);
}

TEST(Requantize, OnnxMultiplierIsComputedInF32) {
  float expected = float(0.1) * float(0.2);
  expected /= float(0.3);
  EXPECT_EQ(onnxMultiplier(0.1, 0.2, 0.3), expected);
}

} // namespace
