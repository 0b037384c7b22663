//===- AotCompiler.h - object files and C headers ----------------*- C++
//-*-===//
//
// Ahead-of-time compilation of a lowered qfold module for the host CPU: an
// object file exporting `_mlir_ciface_<entry>` and a C header declaring it
// with the memref descriptor structs of its arguments.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_RUNTIME_AOTCOMPILER_H
#define QFOLD_RUNTIME_AOTCOMPILER_H

#include "qfold/Runtime/FunctionSignature.h"

namespace mlir::qfold {

struct ObjectFileOptions {
  /// The x86 CPU to compile for (an LLVM CPU name with its features; empty:
  /// the host CPU and its features).
  std::string cpu;
  /// Also export the plain C entry `qfold_<name>` of this function
  /// (qfold/Runtime/CEntryPoint.h).
  const FunctionSignature *entry = nullptr;
  /// The plain C entry's thread count when a call gives none and
  /// QFOLD_NUM_THREADS is unset (0: OpenMP's default, every core).
  int defaultThreads = 0;
  /// Instrument the code for ThreadSanitizer (link with -fsanitize=thread):
  /// data races in the generated code itself are then reported.
  bool sanitizeThreads = false;
};

/// Translates `llvmModule` (LLVM dialect) to LLVM IR, optimizes it at -O3 for
/// `options.cpu` and writes an object file.
llvm::Error emitObjectFile(ModuleOp llvmModule, llvm::StringRef path,
                           const ObjectFileOptions &options);

/// The same for `cpu`, without the plain C entry.
llvm::Error emitObjectFile(ModuleOp llvmModule, llvm::StringRef path,
                           llvm::StringRef cpu = "");

/// A C header declaring `void _mlir_ciface_<entry>(...)`: one pointer to a
/// memref descriptor per input, then one per result (out-parameters the
/// caller allocates); and the plain C entry `qfold_<entry>` over contiguous
/// buffers with a thread count.
std::string emitCHeader(const FunctionSignature &signature,
                        llvm::StringRef sourceName, int defaultThreads = 0);

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_AOTCOMPILER_H
