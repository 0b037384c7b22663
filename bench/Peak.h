//===- Peak.h - measured peak throughput of one core ------------*- C++ -*-===//

#ifndef QFOLD_BENCH_PEAK_H
#define QFOLD_BENCH_PEAK_H

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

} // namespace bench

#endif // QFOLD_BENCH_PEAK_H
