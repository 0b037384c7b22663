//===- QFoldInterfaces.h - qfold op interfaces ------------------*- C++ -*-===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QFOLDINTERFACES_H
#define QFOLD_DIALECT_QFOLD_IR_QFOLDINTERFACES_H

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"

#include "mlir/IR/OpDefinition.h"

#include <optional>

#include "qfold/Dialect/QFold/IR/QFoldInterfaces.h.inc"

#endif // QFOLD_DIALECT_QFOLD_IR_QFOLDINTERFACES_H
