//===- Npy.h - NumPy .npy files ----------------------------------*- C++
//-*-===//
//
// Reads and writes NumPy's .npy format (versions 1.0-3.0, C order) for the
// dtypes of HostTensor: <f4, |i1, |u1, <i4.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_TENSOR_NPY_H
#define QFOLD_TENSOR_NPY_H

#include "qfold/Tensor/HostTensor.h"

#include "llvm/Support/Error.h"

namespace mlir::qfold {

/// Parses .npy bytes; `name` is used in error messages.
llvm::Expected<HostTensor> parseNpy(llvm::StringRef bytes,
                                    llvm::StringRef name);
/// Reads a .npy file.
llvm::Expected<HostTensor> readNpy(llvm::StringRef path);
/// The .npy (version 1.0) encoding of a tensor.
std::string serializeNpy(const HostTensor &tensor);
/// Writes a .npy file.
llvm::Error writeNpy(llvm::StringRef path, const HostTensor &tensor);

} // namespace mlir::qfold

#endif // QFOLD_TENSOR_NPY_H
