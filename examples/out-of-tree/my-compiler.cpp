//===- my-compiler.cpp - a compiler that links qfold ----------------------===//
//
// Uses qfold only through its installed headers and libraries: registers the
// dialect and passes, folds with qfold's patterns alone, then lowers with the
// pipeline builder and its options.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/Transforms/Passes.h"
#include "qfold/InitQFold.h"
#include "qfold/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>

using namespace mlir;

static std::map<std::string, int> countOps(ModuleOp module) {
  std::map<std::string, int> counts;
  module.walk([&](Operation *op) {
    llvm::StringRef name = op->getName().getStringRef();
    if (name.starts_with("qfold.") || name == "llvm.func")
      ++counts[name.str()];
  });
  return counts;
}

static void print(llvm::StringRef stage,
                  const std::map<std::string, int> &counts) {
  llvm::outs() << stage << ":";
  for (const auto &[name, count] : counts)
    llvm::outs() << " " << name << "=" << count;
  llvm::outs() << "\n";
}

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: my-compiler FILE.mlir\n";
    return 2;
  }
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  qfold::registerQFoldDialects(registry);
  MLIRContext context(registry);

  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(argv[1], &context);
  if (!module)
    return 1;
  print("parsed", countOps(*module));

  PassManager fold(&context);
  fold.addPass(qfold::createQFoldFold());
  if (failed(fold.run(*module)))
    return 1;
  print("folded", countOps(*module));

  PassManager lower(&context);
  qfold::QFoldToLLVMOptions options;
  options.requantMode = qfold::RequantMode::onnx;
  qfold::buildQFoldToLLVMPipeline(lower, options);
  if (failed(lower.run(*module)))
    return 1;
  print("lowered", countOps(*module));
  return 0;
}
