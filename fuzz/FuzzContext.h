//===- FuzzContext.h - shared set-up of the fuzz targets ---------*- C++
//-*-===//

#ifndef QFOLD_FUZZ_FUZZCONTEXT_H
#define QFOLD_FUZZ_FUZZCONTEXT_H

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/InitQFold.h"
#include "qfold/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"

namespace qfold_fuzz {

/// Every dialect the pipeline may load, registered once.
inline const mlir::DialectRegistry &getRegistry() {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    mlir::registerAllDialects(*r);
    mlir::registerAllExtensions(*r);
    mlir::qfold::registerQFoldDialects(*r);
    return r;
  }();
  return *registry;
}

/// True when the module holds only what qfold's own front ends produce:
/// functions, constants, tensor reshapes, quant casts and qfold ops. Only
/// such modules go through the pipeline: a crash in an upstream pass on
/// arbitrary upstream IR is not a qfold finding.
inline bool isQFoldProgram(mlir::ModuleOp module) {
  bool ok = true;
  module.walk([&](mlir::Operation *op) {
    llvm::StringRef dialect = op->getName().getDialectNamespace();
    llvm::StringRef name = op->getName().getStringRef();
    if (dialect == "qfold" || dialect == "quant" || name == "builtin.module" ||
        name == "func.func" || name == "func.return" ||
        name == "arith.constant" || name == "tensor.expand_shape" ||
        name == "tensor.collapse_shape")
      return;
    ok = false;
  });
  return ok;
}

/// Folds and lowers `module` to the LLVM dialect; failures are fine (they
/// must only be diagnostics), crashes are findings.
inline void foldAndLower(mlir::ModuleOp module) {
  if (!isQFoldProgram(module))
    return;
  mlir::qfold::QFoldToLLVMOptions options;
  (void)mlir::qfold::lowerToLLVMDialect(module, options);
}

} // namespace qfold_fuzz

#endif // QFOLD_FUZZ_FUZZCONTEXT_H
