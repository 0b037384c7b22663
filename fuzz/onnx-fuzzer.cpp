//===- onnx-fuzzer.cpp - libFuzzer target: ONNX model bytes ---------------===//
//
// The importer on arbitrary bytes, then (for models it accepts) the
// qfold-to-llvm pipeline. Every graph input that qfold needs as a constant is
// bound to a small tensor so that importing gets past them.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "qfold/Target/ONNX/ImportONNX.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(qfold_fuzz::getRegistry(),
                            mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler quiet(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  mlir::qfold::OnnxImportOptions options;
  if (auto info = mlir::qfold::inspectOnnxModel(bytes, "fuzz.onnx")) {
    // Zero points as u8 128, scales and Clip bounds as f32 0.5.
    for (const std::string &name : info->parameterInputs) {
      if (name.find("zero") != std::string::npos) {
        mlir::qfold::HostTensor zp(mlir::qfold::DType::U8, {});
        zp.data<uint8_t>()[0] = 128;
        options.boundInputs[name] = zp;
      } else {
        mlir::qfold::HostTensor scale(mlir::qfold::DType::F32, {});
        scale.data<float>()[0] = 0.5f;
        options.boundInputs[name] = scale;
      }
    }
  } else {
    llvm::consumeError(info.takeError());
  }
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::qfold::importOnnxModel(bytes, "fuzz.onnx", &context, options);
  if (module)
    qfold_fuzz::foldAndLower(*module);
  return 0;
}
