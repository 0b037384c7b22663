//===- VerifierUtils.h - what the qfold op verifiers share ------*- C++ -*-===//

#ifndef QFOLD_LIB_DIALECT_QFOLD_IR_VERIFIERUTILS_H
#define QFOLD_LIB_DIALECT_QFOLD_IR_VERIFIERUTILS_H

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/IR/Diagnostics.h"

#include <string>

namespace mlir::qfold::verifier {

/// Formats a list as "[a, b, c]" for diagnostics.
std::string list(ArrayRef<int64_t> values);

/// "u8", "i8", "i32": the storage of a quantized type, for diagnostics.
std::string storageName(const QuantInfo &info);

/// Checks what every quantized type that qfold accepts shares: f32 expressed
/// type, finite positive scales, zero points inside the storage range, and a
/// storage width from `widths`. The quant dialect's parser already rejects
/// bad scales; types built through the C++ API are not checked there.
LogicalResult verifyQuantInfo(function_ref<InFlightDiagnostic()> emitError,
                              StringRef what, const QuantInfo &info,
                              ArrayRef<unsigned> widths);

/// True for a shaped type of f32 elements.
bool isF32Tensor(Type type);

} // namespace mlir::qfold::verifier

#endif // QFOLD_LIB_DIALECT_QFOLD_IR_VERIFIERUTILS_H
