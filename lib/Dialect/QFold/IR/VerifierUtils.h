//===- VerifierUtils.h - what the qfold op verifiers share ------*- C++ -*-===//

#ifndef QFOLD_LIB_DIALECT_QFOLD_IR_VERIFIERUTILS_H
#define QFOLD_LIB_DIALECT_QFOLD_IR_VERIFIERUTILS_H

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/IR/Diagnostics.h"

#include <string>

namespace mlir::qfold::verifier {

/// Formats a list as "[a, b, c]" for diagnostics (dynamic sizes as "?").
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

/// Checks a fused clamp range (conv2d, add): f32 bounds on the float form,
/// integers in the result's storage range `[storageMin, storageMax]` on the
/// quantized form, no NaN, and min <= max.
LogicalResult verifyFusedClamp(function_ref<InFlightDiagnostic()> emitError,
                               Attribute minAttr, Attribute maxAttr,
                               bool quantized, int64_t storageMin,
                               int64_t storageMax);

/// A fused bound as a double: the attribute's value, or `absent` when it is
/// not set (or not of the kind this form uses).
double getFloatBound(Attribute attr, double absent);
int64_t getIntBound(Attribute attr, int64_t absent);

/// Streams `parts` into an error from `emitError` when one is given (shape
/// inference also runs without diagnostics, from builders); returns failure.
template <typename... Parts>
LogicalResult emitIfRequested(function_ref<InFlightDiagnostic()> emitError,
                              const Parts &...parts) {
  if (emitError) {
    InFlightDiagnostic diag = emitError();
    (diag << ... << parts);
  }
  return failure();
}

/// True for a shaped type of f32 elements.
bool isF32Tensor(Type type);

/// The verifier of qfold.add, sub, mul and div: static broadcastable shapes,
/// all-float or all-quantized (per-tensor 8-bit) operands, the fused clamp,
/// and a requant_mode only where it means something (`hasTfliteForm`: false
/// for an op whose quantized form has no TFLite kernel).
LogicalResult verifyElementwiseBinaryOp(Operation *op, bool hasTfliteForm);

} // namespace mlir::qfold::verifier

#endif // QFOLD_LIB_DIALECT_QFOLD_IR_VERIFIERUTILS_H
