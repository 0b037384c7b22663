//===- HostTarget.h - the vector ISA of this machine -------------*- C++
//-*-===//

#ifndef QFOLD_CODEGEN_HOSTTARGET_H
#define QFOLD_CODEGEN_HOSTTARGET_H

#include "qfold/Codegen/TileSizes.h"

namespace mlir::qfold {

/// The vector registers of the CPU this process runs on (LLVM's host feature
/// detection): code generated for the host is tuned to them.
VectorTarget detectHostVectorTarget();

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_HOSTTARGET_H
