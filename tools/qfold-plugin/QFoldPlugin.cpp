//===- QFoldPlugin.cpp - qfold as an mlir-opt dialect and pass plugin -----===//

#include "qfold/InitQFold.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "QFold", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::qfold::registerQFoldDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "QFold", LLVM_VERSION_STRING,
          []() { mlir::qfold::registerAllQFoldPasses(); }};
}
