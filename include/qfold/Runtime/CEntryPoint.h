//===- CEntryPoint.h - a plain C entry for ahead-of-time objects -*- C++
//-*-===//
//
// `qfold_<f>([int64_t batch,] inputs..., results..., int num_threads)`: the
// entry of an object file for C callers, over contiguous row-major buffers
// instead of memref descriptors, with the thread count of the call.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_RUNTIME_CENTRYPOINT_H
#define QFOLD_RUNTIME_CENTRYPOINT_H

#include "qfold/Runtime/FunctionSignature.h"

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::qfold {

/// `qfold_<name>`.
std::string getCEntryName(const FunctionSignature &signature);

/// Defines the plain C entry of `signature`'s function in `module` (LLVM IR
/// that already defines `_mlir_ciface_<name>`). A batch argument comes
/// first when the batch dimension is dynamic. `defaultThreads` (when
/// positive) is the count of a call that gives none, unless
/// QFOLD_NUM_THREADS is set.
llvm::Error addCEntryPoint(llvm::Module &module,
                           const FunctionSignature &signature,
                           int defaultThreads = 0);

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_CENTRYPOINT_H
