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

/// Translates `llvmModule` (LLVM dialect) to LLVM IR, optimizes it at -O3 for
/// the x86 CPU `cpu` (an LLVM CPU name with its features; empty: the host
/// CPU and its features) and writes an object file.
llvm::Error emitObjectFile(ModuleOp llvmModule, llvm::StringRef path,
                           llvm::StringRef cpu = "");

/// A C header declaring `void _mlir_ciface_<entry>(...)`: one pointer to a
/// memref descriptor per input, then one per result (out-parameters the
/// caller allocates).
std::string emitCHeader(const FunctionSignature &signature,
                        llvm::StringRef sourceName);

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_AOTCOMPILER_H
