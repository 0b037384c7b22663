//===- ImportONNX.h - ONNX models to qfold IR --------------------*- C++
//-*-===//
//
// Imports an ONNX model into one func.func of qfold ops (plus quant casts),
// with initializers as constants and ONNX node names as locations.
// Supported: Conv (1-D and 2-D, every auto_pad), BatchNormalization
// (inference), Relu, Clip, QLinearConv, ConvInteger, QuantizeLinear,
// DequantizeLinear, Identity and Constant; anything else is a clear error.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_TARGET_ONNX_IMPORTONNX_H
#define QFOLD_TARGET_ONNX_IMPORTONNX_H

#include "qfold/Tensor/HostTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::qfold {

struct OnnxModelInfo {
  /// The graph inputs that are not initializers, in order.
  std::vector<std::string> inputs;
  /// Those of them the importer needs as constants: quantization scales and
  /// zero points, Clip bounds. They must be bound to values.
  std::vector<std::string> parameterInputs;
};

/// Reads the model's inputs without importing it.
llvm::Expected<OnnxModelInfo> inspectOnnxModel(llvm::StringRef bytes,
                                               llvm::StringRef modelName);

struct OnnxImportOptions {
  /// Graph inputs replaced by constants (by name); they are not arguments of
  /// the imported function.
  llvm::StringMap<HostTensor> boundInputs;
};

/// Imports `bytes` (a serialized ModelProto) into a new module. On failure
/// the reason is emitted as a diagnostic naming the model, the node and its
/// op type, and null is returned; `*unsupported` (when given) then tells
/// whether the model is valid but uses something qfold does not support
/// (an operator, a data type, a 3-D convolution, training mode) rather than
/// being malformed.
OwningOpRef<ModuleOp> importOnnxModel(llvm::StringRef bytes,
                                      llvm::StringRef modelName,
                                      MLIRContext *context,
                                      const OnnxImportOptions &options = {},
                                      bool *unsupported = nullptr);

/// Imports with every parameter input bound to its value in `graphInputs`
/// (one tensor per graph input of `inspectOnnxModel`, in order);
/// `arguments` receives the other tensors, the imported function's
/// arguments. Failures are diagnosed as by importOnnxModel.
OwningOpRef<ModuleOp> importOnnxModelWithInputs(
    llvm::StringRef bytes, llvm::StringRef modelName, MLIRContext *context,
    llvm::ArrayRef<HostTensor> graphInputs, std::vector<HostTensor> &arguments,
    bool *unsupported = nullptr);

/// Registers the `--import-onnx` translation (qfold-translate).
void registerOnnxImportTranslation();

} // namespace mlir::qfold

#endif // QFOLD_TARGET_ONNX_IMPORTONNX_H
