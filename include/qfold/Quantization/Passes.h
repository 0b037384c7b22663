//===- Passes.h - qfold quantization passes ----------------------*- C++
//-*-===//

#ifndef QFOLD_QUANTIZATION_PASSES_H
#define QFOLD_QUANTIZATION_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qfold {

#define GEN_PASS_DECL
#include "qfold/Quantization/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qfold/Quantization/Passes.h.inc"

} // namespace mlir::qfold

#endif // QFOLD_QUANTIZATION_PASSES_H
