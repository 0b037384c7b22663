//===- Passes.h - qfold CPU code generation passes -------------*- C++ -*-===//

#ifndef QFOLD_CODEGEN_PASSES_H
#define QFOLD_CODEGEN_PASSES_H

#include "qfold/Codegen/Int8DotKind.h"
#include "qfold/Codegen/ParallelMinWork.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qfold {

#define GEN_PASS_DECL
#include "qfold/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qfold/Codegen/Passes.h.inc"

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_PASSES_H
