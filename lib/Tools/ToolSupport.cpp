//===- ToolSupport.cpp - what qfold's command-line tools share ------------===//

#include "qfold/Tools/ToolSupport.h"
#include "qfold/InitQFold.h"

#include "mlir/Parser/Parser.h"

using namespace mlir;
using namespace mlir::qfold;

namespace cl = llvm::cl;

void mlir::qfold::hideLibraryOptions() {
  // --help and --version live in the generic category: keep them.
  cl::HideUnrelatedOptions(ArrayRef<const cl::OptionCategory *>{});
}

static const DialectRegistry &getCompilerRegistry() {
  static const DialectRegistry registry = [] {
    DialectRegistry r;
    registerQFoldCompilerDialects(r);
    return r;
  }();
  return registry;
}

ToolContext::ToolContext()
    : context(getCompilerRegistry()), diagnostics(sourceMgr, &context) {}

OwningOpRef<ModuleOp>
ToolContext::parse(std::unique_ptr<llvm::MemoryBuffer> buffer) {
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

int mlir::qfold::reportToolError(llvm::StringRef tool,
                                 const llvm::Twine &message) {
  llvm::errs() << tool << ": error: " << message << "\n";
  return 1;
}
