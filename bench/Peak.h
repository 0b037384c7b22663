//===- Peak.h - measured peak throughput of one core ------------*- C++ -*-===//

#ifndef QFOLD_BENCH_PEAK_H
#define QFOLD_BENCH_PEAK_H

#include <optional>
#include <string>

namespace bench {

struct Peak {
  double gops;
  std::string how; // the instruction sequence measured
};

/// fp32 FMA throughput (2 flops per lane per FMA) of independent FMAs.
Peak measureF32Peak();
/// int8 multiply-accumulate throughput (2 ops per MAC) of the best u8 x s8
/// dot-product sequence this CPU has (vpdpbusd with VNNI, else
/// vpmaddubsw + vpmaddwd + vpaddd).
Peak measureInt8Peak();
/// Without VNNI, the peak of exact u8/i8 dot products (i16 pairs with
/// vpmaddwd, what qfold emits), below measureInt8Peak's vpmaddubsw sequence
/// that oneDNN uses (its i16 pair sums saturate); none on VNNI hosts, where
/// vpdpbusd is exact.
std::optional<Peak> measureExactInt8Peak();

} // namespace bench

#endif // QFOLD_BENCH_PEAK_H
