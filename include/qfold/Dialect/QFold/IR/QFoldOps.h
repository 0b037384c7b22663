//===- QFoldOps.h - qfold operations -----------------------------*- C++
//-*-===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_H
#define QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"
#include "qfold/Dialect/QFold/IR/QFoldInterfaces.h"

#include "qfold/Support/BatchNormFolding.h"

#include <optional>

#define GET_OP_CLASSES
#include "qfold/Dialect/QFold/IR/QFoldOps.h.inc"

namespace mlir::qfold {

/// The statistics of `op` when all four are dense f32 constants.
std::optional<BatchNormParams> getConstantBatchNormParams(BatchNormOp op);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_H
