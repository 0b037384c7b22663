//===- Random.h - seeded random host tensors --------------------*- C++ -*-===//

#ifndef QFOLD_TENSOR_RANDOM_H
#define QFOLD_TENSOR_RANDOM_H

#include "qfold/Tensor/HostTensor.h"

#include <random>

namespace mlir::qfold {

/// A tensor of `shape` (all dimensions static) filled from `rng`: f32 in
/// [-1, 1), 8-bit integers over their whole range, i32 in [-1000, 1000].
HostTensor makeRandomTensor(DType dtype, std::vector<int64_t> shape,
                            std::mt19937 &rng);

} // namespace mlir::qfold

#endif // QFOLD_TENSOR_RANDOM_H
