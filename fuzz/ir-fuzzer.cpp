//===- ir-fuzzer.cpp - libFuzzer target: qfold IR text --------------------===//
//
// parse -> verify -> qfold-fold -> the qfold-to-llvm pipeline, on arbitrary
// text. Diagnostics are expected; crashes, hangs, leaks and sanitizer
// reports are findings.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "mlir/Parser/Parser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::MLIRContext context(qfold_fuzz::getRegistry(),
                            mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler quiet(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  // MLIR's lexer expects the buffer to end with a NUL, as every file the
  // tools read does (MemoryBuffer::getFile); libFuzzer's buffer does not.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  if (module)
    qfold_fuzz::foldAndLower(*module);
  return 0;
}
