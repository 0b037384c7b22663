//===- ToolSupport.h - what qfold's command-line tools share ----*- C++ -*-===//
//
// The start-up of qfold-run and qfold-aot (command line, context, parsing the
// input with diagnostics at file locations), the compiler options both take,
// and a --help that lists a tool's own options rather than every flag the
// LLVM and MLIR libraries register (other targets' code generation, ...).
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_TOOLS_TOOLSUPPORT_H
#define QFOLD_TOOLS_TOOLSUPPORT_H

#include "qfold/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace mlir::qfold {

/// The options of the tools that compile (--no-fold, --requant-mode,
/// --target-cpu, --int8-dot, --vnni-intrinsics, --threads).
llvm::cl::OptionCategory &getCompilerOptionsCategory();

/// The thread count --threads gives, or QFOLD_NUM_THREADS when it is 0; 0
/// when neither says (OpenMP's default count); 1: serial code.
int getThreadsOption();

/// --threads as given (0 when absent).
int getThreadsFlag();

/// --target-cpu (empty: this machine), a CPU name LLVM knows (the command
/// line's parsing rejected any other).
llvm::StringRef getTargetCpuOption();

/// Sets the pipeline options the command line gives (`parallel` unless the
/// thread count is 1).
void applyCompilerOptions(QFoldToLLVMOptions &options);

/// Parses the command line, with --help listing only the options of
/// `categories` (and the compiler options); the others stay accepted. Exits
/// with an error for a --target-cpu LLVM does not know.
void parseToolCommandLine(
    int argc, char **argv, llvm::StringRef overview,
    llvm::ArrayRef<const llvm::cl::OptionCategory *> categories);

/// Hides from --help every option registered so far: for tools built on
/// MLIR's drivers (qfold-opt, qfold-translate), which register their own
/// options later, inside their main function.
void hideLibraryOptions();

/// A context with qfold's compiler dialects, printing diagnostics with the
/// source lines of the files it parsed.
class ToolContext {
public:
  ToolContext();

  MLIRContext &getContext() { return context; }

  /// Parses the tool's .mlir input (once per context); null, with the
  /// parser's error printed, when it is not a valid module.
  OwningOpRef<ModuleOp> parse(std::unique_ptr<llvm::MemoryBuffer> buffer);

private:
  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics;
};

/// Prints "TOOL: error: MESSAGE" and returns the exit code 1.
int reportToolError(llvm::StringRef tool, const llvm::Twine &message);

} // namespace mlir::qfold

#endif // QFOLD_TOOLS_TOOLSUPPORT_H
