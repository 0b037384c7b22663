//===- Passes.h - qfold conversion passes ------------------------*- C++
//-*-===//

#ifndef QFOLD_CONVERSION_PASSES_H
#define QFOLD_CONVERSION_PASSES_H

#include "qfold/Conversion/QFoldToLinalg/QFoldToLinalg.h"
#include "qfold/Dialect/QFold/IR/RequantMode.h"

#include "mlir/Pass/Pass.h"

namespace mlir::qfold {

#define GEN_PASS_DECL
#include "qfold/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qfold/Conversion/Passes.h.inc"

} // namespace mlir::qfold

#endif // QFOLD_CONVERSION_PASSES_H
