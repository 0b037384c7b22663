//===- qfold-opt.cpp - the qfold optimizer driver -------------------------===//
//
// mlir-opt with qfold added: every upstream dialect, extension and pass is
// registered, so anything that works in mlir-opt works here too.
//
//===----------------------------------------------------------------------===//

#include "qfold/InitQFold.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::qfold::registerAllQFoldPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::qfold::registerQFoldDialects(registry);

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "qfold optimizer driver\n", registry));
}
