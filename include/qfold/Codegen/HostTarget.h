//===- HostTarget.h - the vector ISA of this machine -------------*- C++
//-*-===//

#ifndef QFOLD_CODEGEN_HOSTTARGET_H
#define QFOLD_CODEGEN_HOSTTARGET_H

#include "qfold/Codegen/TileSizes.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::qfold {

/// The vector registers of the CPU this process runs on (LLVM's host feature
/// detection): code generated for the host is tuned to them.
VectorTarget detectHostVectorTarget();

/// The vector registers of the x86 CPU `cpu` (an LLVM CPU name such as
/// znver5, icelake-server, haswell), from LLVM's table of its features; the
/// host's when `cpu` is empty; std::nullopt for a name LLVM does not know.
/// Code compiled ahead of time for another CPU is tuned to that one.
std::optional<VectorTarget> getVectorTargetForCPU(llvm::StringRef cpu);

/// The features of the x86 CPU `cpu` (an LLVM CPU name), those LLVM's
/// table lists and those they imply; std::nullopt for a name LLVM does not
/// know.
std::optional<llvm::StringMap<bool>> getFeaturesOfCPU(llvm::StringRef cpu);

/// The LLVM feature string ("+avx2,+fma,...") of the x86 CPU `cpu`, or of the
/// host when `cpu` is empty (its detected features, "-" for the absent
/// ones); std::nullopt for a name LLVM does not know. What an object file
/// compiled for that CPU is compiled with.
std::optional<std::string> getFeatureStringForCPU(llvm::StringRef cpu);

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_HOSTTARGET_H
