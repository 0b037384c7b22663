//===- Comparison.h - how far one host tensor is from another ---*- C++ -*-===//

#ifndef QFOLD_TENSOR_COMPARISON_H
#define QFOLD_TENSOR_COMPARISON_H

#include "qfold/Tensor/HostTensor.h"

namespace mlir::qfold {

struct TensorDifference {
  double maxDiff = 0.0;      // max |actual - reference|
  double maxMagnitude = 0.0; // max |reference|
  double sqnrDb = 0.0;       // 10 log10(sum ref^2 / sum diff^2); inf if equal
};

/// Compares element by element (as doubles); both tensors have the same
/// number of elements.
TensorDifference compareTensors(const HostTensor &actual,
                                const HostTensor &reference);

} // namespace mlir::qfold

#endif // QFOLD_TENSOR_COMPARISON_H
