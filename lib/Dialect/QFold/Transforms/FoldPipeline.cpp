//===- FoldPipeline.cpp - the folding steps of qfold's pipelines ----------===//

#include "qfold/Dialect/QFold/Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"

using namespace mlir;

void mlir::qfold::buildQFoldFoldPipeline(OpPassManager &pm,
                                         bool beforeQuantization) {
  pm.addNestedPass<func::FuncOp>(createQFoldFuseQDQ());
  QFoldFoldOptions options;
  options.padValues = !beforeQuantization;
  options.decomposeConvTranspose = beforeQuantization;
  pm.addPass(createQFoldFold(options));
}
