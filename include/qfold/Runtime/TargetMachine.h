//===- TargetMachine.h - LLVM target machines for an x86 CPU ----*- C++ -*-===//
//
// The target machine both the JIT and the object-file writer compile with,
// for the host or for a named x86 CPU, and the check that code compiled for
// a named CPU can run on this machine (the JIT runs it here).
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_RUNTIME_TARGETMACHINE_H
#define QFOLD_RUNTIME_TARGETMACHINE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir::qfold {

/// What a target machine compiles for: an object file (position-independent
/// code, the small code model), or code the JIT places in memory itself,
/// whose sections may lie further apart than 32-bit displacements reach
/// (LLVM's JIT defaults: the large code model on x86-64).
enum class CodeUse { objectFile, jit };

/// A target machine for the x86 CPU `cpu` (an LLVM CPU name) with its
/// features, or for the host CPU with the host's features when `cpu` is
/// empty. An error for a name LLVM does not know.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef cpu, CodeUse use = CodeUse::objectFile);

/// The instruction-set features of `cpu` (avx512vnni, avxvnni, fma, ...)
/// that this machine lacks: code compiled for `cpu` may execute them, so it
/// cannot run here unless the list is empty. Features that do not add
/// instructions the generated code could use (sgx, ...) are not listed;
/// nothing for the host itself or for a name LLVM does not know.
std::vector<std::string> getFeaturesMissingOnHost(llvm::StringRef cpu);

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_TARGETMACHINE_H
