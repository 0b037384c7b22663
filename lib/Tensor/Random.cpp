//===- Random.cpp - seeded random host tensors ----------------------------===//

#include "qfold/Tensor/Random.h"

using namespace mlir::qfold;

HostTensor mlir::qfold::makeRandomTensor(DType dtype,
                                         std::vector<int64_t> shape,
                                         std::mt19937 &rng) {
  HostTensor tensor(dtype, std::move(shape));
  int64_t n = tensor.getNumElements();
  switch (dtype) {
  case DType::F32: {
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (int64_t i = 0; i < n; ++i)
      tensor.data<float>()[i] = dist(rng);
    break;
  }
  case DType::I8:
  case DType::U8: {
    std::uniform_int_distribution<int> dist(0, 255);
    for (int64_t i = 0; i < n; ++i)
      tensor.data<uint8_t>()[i] = static_cast<uint8_t>(dist(rng));
    break;
  }
  case DType::I32: {
    std::uniform_int_distribution<int32_t> dist(-1000, 1000);
    for (int64_t i = 0; i < n; ++i)
      tensor.data<int32_t>()[i] = dist(rng);
    break;
  }
  case DType::I64: {
    std::uniform_int_distribution<int64_t> dist(-1000, 1000);
    for (int64_t i = 0; i < n; ++i)
      tensor.data<int64_t>()[i] = dist(rng);
    break;
  }
  }
  return tensor;
}
