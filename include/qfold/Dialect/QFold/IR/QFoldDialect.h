//===- QFoldDialect.h - qfold dialect ----------------------------*- C++
//-*-===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QFOLDDIALECT_H
#define QFOLD_DIALECT_QFOLD_IR_QFOLDDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "qfold/Dialect/QFold/IR/QFoldOpsDialect.h.inc"

#include "qfold/Dialect/QFold/IR/QFoldOpsEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "qfold/Dialect/QFold/IR/QFoldOpsAttrDefs.h.inc"

#endif // QFOLD_DIALECT_QFOLD_IR_QFOLDDIALECT_H
