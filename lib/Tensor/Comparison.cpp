//===- Comparison.cpp - how far one host tensor is from another -----------===//

#include "qfold/Tensor/Comparison.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir::qfold;

TensorDifference mlir::qfold::compareTensors(const HostTensor &actual,
                                             const HostTensor &reference) {
  TensorDifference d;
  double signal = 0.0, noise = 0.0;
  for (int64_t i = 0; i < reference.getNumElements(); ++i) {
    double want = reference.getAsDouble(i);
    double diff = actual.getAsDouble(i) - want;
    signal += want * want;
    noise += diff * diff;
    d.maxDiff = std::max(d.maxDiff, std::abs(diff));
    d.maxMagnitude = std::max(d.maxMagnitude, std::abs(want));
  }
  d.sqnrDb = noise > 0 ? 10.0 * std::log10(signal / noise)
                       : std::numeric_limits<double>::infinity();
  return d;
}
