//===- HostTensor.cpp - dense host tensors for the runners ----------------===//

#include "qfold/Runtime/HostTensor.h"

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
  }
  return "?";
}

size_t mlir::qfold::getDTypeSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
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
