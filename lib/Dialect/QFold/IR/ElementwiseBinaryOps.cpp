//===- ElementwiseBinaryOps.cpp - add, sub, mul, div: broadcast, verifier -===//
//
// The four elementwise binary ops share one verifier; their accessors are
// generated from the ODS class (QFoldOps.td).
//
//===----------------------------------------------------------------------===//

#include "VerifierUtils.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::verifier;

FailureOr<SmallVector<int64_t>>
mlir::qfold::inferBroadcastShape(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  if (lhs.size() != rhs.size())
    return failure();
  SmallVector<int64_t> result;
  for (auto [a, b] : llvm::zip_equal(lhs, rhs)) {
    if (a != b && a != 1 && b != 1)
      return failure();
    result.push_back(a == 1 ? b : a);
  }
  return result;
}

LogicalResult verifier::verifyElementwiseBinaryOp(Operation *op,
                                                  bool hasTfliteForm) {
  auto lhsType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto rhsType = cast<RankedTensorType>(op->getOperand(1).getType());
  auto outputType = cast<RankedTensorType>(op->getResult(0).getType());
  if (!lhsType.hasStaticShape() || !rhsType.hasStaticShape() ||
      !outputType.hasStaticShape())
    return op->emitOpError("expects static shapes, got ")
           << lhsType << ", " << rhsType << " -> " << outputType;
  if (lhsType.getRank() != outputType.getRank() ||
      rhsType.getRank() != outputType.getRank())
    return op->emitOpError("operands and result must have the same rank, got ")
           << lhsType.getRank() << ", " << rhsType.getRank() << " -> "
           << outputType.getRank();
  FailureOr<SmallVector<int64_t>> shape =
      inferBroadcastShape(lhsType.getShape(), rhsType.getShape());
  if (failed(shape))
    return op->emitOpError("operand shapes ")
           << list(lhsType.getShape()) << " and " << list(rhsType.getShape())
           << " do not broadcast (each dimension must be equal or 1 in one "
              "of them)";
  if (ArrayRef<int64_t>(*shape) != outputType.getShape())
    return op->emitOpError("result shape ")
           << list(outputType.getShape())
           << " is not the broadcast shape of the operands, " << list(*shape);

  bool quantized = !isF32Tensor(outputType);
  for (auto [name, type] :
       {std::pair<StringRef, RankedTensorType>{"lhs", lhsType},
        std::pair<StringRef, RankedTensorType>{"rhs", rhsType}})
    if (isF32Tensor(type) == quantized)
      return op->emitOpError("mixed float and quantized operands: the result "
                             "has element type ")
             << outputType.getElementType() << " but " << name << " has "
             << type.getElementType();
  auto mode = op->getAttrOfType<RequantModeAttr>("requant_mode");
  Attribute clampMin = op->getAttr("clamp_min");
  Attribute clampMax = op->getAttr("clamp_max");
  auto emitError = [&] { return op->emitOpError(); };
  if (!quantized) {
    if (mode)
      return op->emitOpError(
          "requant_mode is only meaningful on the quantized form");
    return verifyFusedClamp(emitError, clampMin, clampMax, false, 0, 0);
  }
  if (mode && mode.getValue() == RequantMode::tflite && !hasTfliteForm)
    return op->emitOpError("has no TensorFlow Lite integer form: its "
                           "quantized form computes in f32 (requant_mode = "
                           "onnx, or no requant_mode)");
  std::optional<QuantInfo> out;
  for (auto [name, type] :
       {std::pair<StringRef, RankedTensorType>{"lhs", lhsType},
        std::pair<StringRef, RankedTensorType>{"rhs", rhsType},
        std::pair<StringRef, RankedTensorType>{"result", outputType}}) {
    std::optional<QuantInfo> info = getQuantInfo(type);
    if (!info)
      return op->emitOpError()
             << name << " must be a !quant.uniform tensor, got " << type;
    if (failed(verifyQuantInfo(emitError, name, *info, {8})))
      return failure();
    if (info->isPerAxis())
      return op->emitOpError() << name << " must be quantized per tensor, got "
                               << type.getElementType();
    out = info;
  }
  return verifyFusedClamp(emitError, clampMin, clampMax, true, out->storageMin,
                          out->storageMax);
}
