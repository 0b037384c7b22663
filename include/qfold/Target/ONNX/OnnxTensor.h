//===- OnnxTensor.h - ONNX TensorProto files ---------------------*- C++
//-*-===//
//
// Reads and writes serialized onnx.TensorProto files (the .pb files of ONNX's
// backend tests) as HostTensors: FLOAT, UINT8, INT8 and INT32.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_TARGET_ONNX_ONNXTENSOR_H
#define QFOLD_TARGET_ONNX_ONNXTENSOR_H

#include "qfold/Tensor/HostTensor.h"

#include "llvm/Support/Error.h"

namespace mlir::qfold {

/// Parses a serialized TensorProto; `name` is used in error messages.
llvm::Expected<HostTensor> parseTensorProto(llvm::StringRef bytes,
                                            llvm::StringRef name);
/// Reads a .pb file holding one TensorProto.
llvm::Expected<HostTensor> readTensorProto(llvm::StringRef path);
/// Writes a tensor as a serialized TensorProto named `tensorName`.
llvm::Error writeTensorProto(llvm::StringRef path, const HostTensor &tensor,
                             llvm::StringRef tensorName);

/// A tensor file by its extension: `.pb` (TensorProto) or `.npy`.
llvm::Expected<HostTensor> readTensorFile(llvm::StringRef path);
llvm::Error writeTensorFile(llvm::StringRef path, const HostTensor &tensor,
                            llvm::StringRef tensorName);

} // namespace mlir::qfold

#endif // QFOLD_TARGET_ONNX_ONNXTENSOR_H
