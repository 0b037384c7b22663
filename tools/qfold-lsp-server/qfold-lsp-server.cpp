//===- qfold-lsp-server.cpp - language server for qfold IR ----------------===//
//
// mlir-lsp-server with the qfold dialect registered: editors get parse and
// verifier diagnostics, hover and go-to-definition on .mlir files using qfold.
//
//===----------------------------------------------------------------------===//

#include "qfold/InitQFold.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Tools/mlir-lsp-server/MlirLspServerMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::qfold::registerQFoldDialects(registry);
  return mlir::failed(mlir::MlirLspServerMain(argc, argv, registry));
}
