//===- QFoldOps.h - qfold operations -----------------------------*- C++
//-*-===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_H
#define QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"
#include "qfold/Dialect/QFold/IR/QFoldInterfaces.h"

#include "qfold/Support/BatchNormFolding.h"

#include <optional>

#define GET_OP_CLASSES
#include "qfold/Dialect/QFold/IR/QFoldOps.h.inc"

namespace mlir::qfold {

/// The statistics of `op` when all four are dense f32 constants.
std::optional<BatchNormParams> getConstantBatchNormParams(BatchNormOp op);

/// The broadcast shape of two equal-rank shapes (the rule of qfold.add, sub,
/// mul and div), or failure when a dimension differs and neither is 1.
FailureOr<SmallVector<int64_t>> inferBroadcastShape(ArrayRef<int64_t> lhs,
                                                    ArrayRef<int64_t> rhs);

/// The [N, C, OH, OW] result shape of 2-D pooling windows over an NCHW
/// `inputShape` (the rule of qfold.max_pool2d, shared by both pools and the
/// ONNX importer), or failure with a diagnostic when the window geometry is
/// invalid (non-positive sizes, pads not smaller than the window, an empty
/// output).
FailureOr<SmallVector<int64_t>>
inferPool2DResultShape(ArrayRef<int64_t> inputShape, ArrayRef<int64_t> kernel,
                       ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                       ArrayRef<int64_t> pads, bool ceilMode,
                       function_ref<InFlightDiagnostic()> emitError);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_H
