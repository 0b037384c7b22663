//===- Peak.cpp - measured peak throughput of one core --------------------===//

#include "Peak.h"

#include <immintrin.h>

#include <chrono>

namespace bench {
namespace {

volatile float sinkF;
volatile int sinkI;

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

constexpr long kIterations = 20'000'000;

__attribute__((target("avx2,fma"))) double fmaAvx2() {
  __m256 acc[12];
  for (__m256 &a : acc)
    a = _mm256_set1_ps(0.0f);
  __m256 x = _mm256_set1_ps(1.0001f), y = _mm256_set1_ps(0.9999f);
  auto start = Clock::now();
  for (long i = 0; i < kIterations; ++i)
    for (__m256 &a : acc)
      a = _mm256_fmadd_ps(x, y, a);
  double s = secondsSince(start);
  float total = 0;
  for (__m256 a : acc)
    total += _mm256_cvtss_f32(a);
  sinkF = total;
  return kIterations * 12.0 * 8 * 2 / s / 1e9;
}

__attribute__((target("avx512f"))) double fmaAvx512() {
  __m512 acc[16];
  for (__m512 &a : acc)
    a = _mm512_set1_ps(0.0f);
  __m512 x = _mm512_set1_ps(1.0001f), y = _mm512_set1_ps(0.9999f);
  auto start = Clock::now();
  for (long i = 0; i < kIterations; ++i)
    for (__m512 &a : acc)
      a = _mm512_fmadd_ps(x, y, a);
  double s = secondsSince(start);
  float total = 0;
  for (__m512 a : acc)
    total += _mm512_reduce_add_ps(a);
  sinkF = total;
  return kIterations * 16.0 * 16 * 2 / s / 1e9;
}

// The integer loops feed each accumulator back into its own products
// (a = step(a, w)): with one shared input the compiler computes the products
// once per iteration for all accumulators, which measured the vpaddd
// throughput instead (this benchmark's int8 peak was 1.5x too high so).
// 12 chains cover the latency of the dependent multiplies.

/// GOPS of 12 chains of `Step`, each step `macs` multiply-adds.
template <__m256i (*Step)(__m256i, __m256i)>
__attribute__((target("avx2"))) double int8ChainsAvx2(double macs) {
  __m256i acc[12];
  for (int i = 0; i < 12; ++i)
    acc[i] = _mm256_set1_epi16(static_cast<short>(i + 1));
  __m256i w = _mm256_set1_epi8(-2);
  auto start = Clock::now();
  for (long i = 0; i < kIterations; ++i)
    for (__m256i &a : acc)
      a = Step(a, w);
  double s = secondsSince(start);
  int total = 0;
  for (__m256i a : acc)
    total += _mm256_cvtsi256_si32(a);
  sinkI = total;
  return kIterations * 12.0 * macs * 2 / s / 1e9;
}

/// oneDNN's AVX2 int8 step: u8 x s8 pairs into saturating i16
/// (vpmaddubsw), widened pairwise to i32 (vpmaddwd by ones), accumulated.
__attribute__((target("avx2"))) __m256i maddubsStep(__m256i a, __m256i w) {
  return _mm256_add_epi32(
      a, _mm256_madd_epi16(_mm256_maddubs_epi16(a, w), _mm256_set1_epi16(1)));
}

/// vpmaddwd on i16 pairs + vpaddd: the exact i8 dot product of AVX2 without
/// VNNI (vpmaddubsw's i16 pair sums saturate for full-range u8 x s8).
__attribute__((target("avx2"))) __m256i pairStep(__m256i a, __m256i w) {
  return _mm256_add_epi32(a, _mm256_madd_epi16(a, w));
}

__attribute__((target("avx512f,avx512vnni"))) double dotVnni512() {
  __m512i acc[16];
  for (__m512i &a : acc)
    a = _mm512_setzero_si512();
  __m512i x = _mm512_set1_epi8(3), w = _mm512_set1_epi8(-2);
  auto start = Clock::now();
  for (long i = 0; i < kIterations; ++i)
    for (__m512i &a : acc)
      a = _mm512_dpbusd_epi32(a, x, w);
  double s = secondsSince(start);
  int total = 0;
  for (__m512i a : acc)
    total += _mm512_reduce_add_epi32(a);
  sinkI = total;
  return kIterations * 16.0 * 64 * 2 / s / 1e9;
}

} // namespace

Peak measureF32Peak() {
  if (__builtin_cpu_supports("avx512f"))
    return {fmaAvx512(), "16 independent 512-bit vfmadd231ps"};
  return {fmaAvx2(), "12 independent 256-bit vfmadd231ps"};
}

Peak measureInt8Peak() {
  if (__builtin_cpu_supports("avx512vnni"))
    return {dotVnni512(), "16 independent 512-bit vpdpbusd"};
  return {int8ChainsAvx2<maddubsStep>(32),
          "12 chains of 256-bit vpmaddubsw+vpmaddwd+vpaddd"};
}

std::optional<Peak> measureExactInt8Peak() {
  if (__builtin_cpu_supports("avx512vnni") || !__builtin_cpu_supports("avx2"))
    return std::nullopt;
  return Peak{int8ChainsAvx2<pairStep>(16),
              "12 chains of 256-bit vpmaddwd+vpaddd"};
}

} // namespace bench
