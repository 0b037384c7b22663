//===- Passes.h - qfold dialect passes ---------------------------*- C++
//-*-===//

#ifndef QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_H
#define QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qfold {

#define GEN_PASS_DECL
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_H
