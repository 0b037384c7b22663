//===- InitQFold.cpp - register qfold with a context or a tool ------------===//

#include "qfold/InitQFold.h"
#include "qfold/Codegen/Passes.h"
#include "qfold/Conversion/Passes.h"
#include "qfold/Dialect/QFold/IR/QFoldDialect.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"
#include "qfold/Pipelines/Pipelines.h"
#include "qfold/Quantization/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void mlir::qfold::registerQFoldDialects(DialectRegistry &registry) {
  registry.insert<QFoldDialect>();
}

void mlir::qfold::registerQFoldCompilerDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  registerQFoldDialects(registry);
}

void mlir::qfold::registerAllQFoldPasses() {
  registerQFoldPasses();
  registerQFoldCodegenPasses();
  registerQFoldConversionPasses();
  registerQFoldQuantizationPasses();
  registerQFoldPipelines();
}
