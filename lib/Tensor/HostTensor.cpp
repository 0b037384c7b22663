//===- HostTensor.cpp - dense host tensors for the runners ----------------===//

#include "qfold/Tensor/HostTensor.h"

#include <cstring>

using namespace mlir::qfold;

llvm::StringRef mlir::qfold::getDTypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::I8:
    return "i8";
  case DType::U8:
    return "u8";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  }
  return "?";
}

size_t mlir::qfold::getDTypeSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::I64:
    return 8;
  case DType::I8:
  case DType::U8:
    return 1;
  }
  return 0;
}

HostTensor::HostTensor(DType dtype, std::vector<int64_t> shape)
    : dtype(dtype), shape(std::move(shape)) {
  bytes.resize(getNumElements() * getDTypeSize(dtype));
}

int64_t HostTensor::getNumElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

double HostTensor::getAsDouble(int64_t i) const {
  switch (dtype) {
  case DType::F32:
    return data<float>()[i];
  case DType::I8:
    return data<int8_t>()[i];
  case DType::U8:
    return data<uint8_t>()[i];
  case DType::I32:
    return data<int32_t>()[i];
  case DType::I64:
    return static_cast<double>(data<int64_t>()[i]);
  }
  return 0.0;
}

std::string mlir::qfold::formatShape(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  std::string result;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      result += "x";
    result += std::to_string(shape[i]);
  }
  return result;
}

HostTensor mlir::qfold::relayoutNchw(const HostTensor &tensor, bool toNhwc) {
  if (tensor.shape.size() != 4)
    return tensor;
  // Dimensions of the source, named for the NCHW tensor either way.
  const std::vector<int64_t> &s = tensor.shape;
  int64_t n = s[0], c = toNhwc ? s[1] : s[3], h = toNhwc ? s[2] : s[1],
          w = toNhwc ? s[3] : s[2];
  HostTensor result(tensor.dtype, toNhwc ? std::vector<int64_t>{n, h, w, c}
                                         : std::vector<int64_t>{n, c, h, w});
  size_t size = getDTypeSize(tensor.dtype);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
          int64_t nchw = ((b * c + ch) * h + y) * w + x;
          int64_t nhwc = ((b * h + y) * w + x) * c + ch;
          int64_t from = toNhwc ? nchw : nhwc, to = toNhwc ? nhwc : nchw;
          std::memcpy(result.bytes.data() + to * size,
                      tensor.bytes.data() + from * size, size);
        }
  return result;
}
