//===- QFoldDialect.cpp - qfold dialect -----------------------------------===//

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::qfold;

#include "qfold/Dialect/QFold/IR/QFoldInterfaces.cpp.inc"
#include "qfold/Dialect/QFold/IR/QFoldOpsDialect.cpp.inc"
#include "qfold/Dialect/QFold/IR/QFoldOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qfold/Dialect/QFold/IR/QFoldOpsAttrDefs.cpp.inc"

void QFoldDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "qfold/Dialect/QFold/IR/QFoldOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qfold/Dialect/QFold/IR/QFoldOpsAttrDefs.cpp.inc"
      >();
}
