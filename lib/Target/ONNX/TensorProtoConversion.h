//===- TensorProtoConversion.h - onnx.TensorProto helpers --------*- C++
//-*-===//

#ifndef QFOLD_LIB_TARGET_ONNX_TENSORPROTOCONVERSION_H
#define QFOLD_LIB_TARGET_ONNX_TENSORPROTOCONVERSION_H

#include "qfold/Tensor/HostTensor.h"

#include "llvm/Support/Error.h"

#include <onnx/onnx_pb.h> // defines ONNX_API, then includes onnx-ml.pb.h

#include <optional>

namespace mlir::qfold::onnx_import {

/// "FLOAT", "INT64", ... for messages.
const char *getDataTypeName(int dataType);
/// The HostTensor dtype of an ONNX data type, if qfold handles it.
std::optional<DType> getDType(int dataType);
int getDataType(DType dtype);

/// The values of `proto` (raw_data or the typed fields); `what` names it in
/// errors (wrong sizes, unsupported types, external data).
llvm::Expected<HostTensor> convertTensorProto(const onnx::TensorProto &proto,
                                              llvm::StringRef what);

} // namespace mlir::qfold::onnx_import

#endif // QFOLD_LIB_TARGET_ONNX_TENSORPROTOCONVERSION_H
