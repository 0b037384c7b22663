//===- InitQFold.h - register qfold with a context or a tool ----*- C++ -*-===//
//
// Entry points for tools and for other compilers that link qfold: register
// its dialect (and the dialects its patterns create) and its passes.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_INITQFOLD_H
#define QFOLD_INITQFOLD_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::qfold {

/// Adds the qfold dialect to `registry`.
void registerQFoldDialects(DialectRegistry &registry);

/// Adds what a compiler driver that parses, lowers and runs qfold programs
/// needs: every upstream dialect and extension, the LLVM IR translations,
/// and qfold (the set qfold-run, qfold-aot and the benchmark use).
void registerQFoldCompilerDialects(DialectRegistry &registry);

/// Registers every qfold pass (and pipeline) with the global pass registry,
/// so they can be named on a command line (`--qfold-fold`).
void registerAllQFoldPasses();

} // namespace mlir::qfold

#endif // QFOLD_INITQFOLD_H
