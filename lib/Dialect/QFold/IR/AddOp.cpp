//===- AddOp.cpp - qfold.add: accessors, verifier -------------------------===//

#include "VerifierUtils.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::verifier;

bool AddOp::isQuantized() { return !isF32Tensor(getOutput().getType()); }

FailureOr<SmallVector<int64_t>> AddOp::inferResultShape(ArrayRef<int64_t> lhs,
                                                        ArrayRef<int64_t> rhs) {
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

double AddOp::getFloatClampMin() {
  return getFloatBound(getClampMinAttr(),
                       -std::numeric_limits<double>::infinity());
}

double AddOp::getFloatClampMax() {
  return getFloatBound(getClampMaxAttr(),
                       std::numeric_limits<double>::infinity());
}

int64_t AddOp::getQuantClampMin() {
  return getIntBound(getClampMinAttr(), getQuantInfo(getType())->storageMin);
}

int64_t AddOp::getQuantClampMax() {
  return getIntBound(getClampMaxAttr(), getQuantInfo(getType())->storageMax);
}

LogicalResult AddOp::verify() {
  auto lhsType = cast<RankedTensorType>(getLhs().getType());
  auto rhsType = cast<RankedTensorType>(getRhs().getType());
  auto outputType = cast<RankedTensorType>(getOutput().getType());
  if (!lhsType.hasStaticShape() || !rhsType.hasStaticShape() ||
      !outputType.hasStaticShape())
    return emitOpError("expects static shapes, got ")
           << lhsType << ", " << rhsType << " -> " << outputType;
  if (lhsType.getRank() != outputType.getRank() ||
      rhsType.getRank() != outputType.getRank())
    return emitOpError("operands and result must have the same rank, got ")
           << lhsType.getRank() << ", " << rhsType.getRank() << " -> "
           << outputType.getRank();
  FailureOr<SmallVector<int64_t>> shape =
      inferResultShape(lhsType.getShape(), rhsType.getShape());
  if (failed(shape))
    return emitOpError("operand shapes ")
           << list(lhsType.getShape()) << " and " << list(rhsType.getShape())
           << " do not broadcast (each dimension must be equal or 1 in one "
              "of them)";
  if (ArrayRef<int64_t>(*shape) != outputType.getShape())
    return emitOpError("result shape ")
           << list(outputType.getShape())
           << " is not the broadcast shape of the operands, " << list(*shape);

  bool quantized = isQuantized();
  for (auto [name, type] :
       {std::pair<StringRef, RankedTensorType>{"lhs", lhsType},
        std::pair<StringRef, RankedTensorType>{"rhs", rhsType}})
    if (isF32Tensor(type) == quantized)
      return emitOpError("mixed float and quantized operands: the result has "
                         "element type ")
             << outputType.getElementType() << " but " << name << " has "
             << type.getElementType();
  if (!quantized) {
    if (getRequantModeAttr())
      return emitOpError(
          "requant_mode is only meaningful on the quantized form");
    return verifyFusedClamp([&] { return emitOpError(); }, getClampMinAttr(),
                            getClampMaxAttr(), false, 0, 0);
  }
  auto emitError = [&] { return emitOpError(); };
  std::optional<QuantInfo> out;
  for (auto [name, type] :
       {std::pair<StringRef, RankedTensorType>{"lhs", lhsType},
        std::pair<StringRef, RankedTensorType>{"rhs", rhsType},
        std::pair<StringRef, RankedTensorType>{"result", outputType}}) {
    std::optional<QuantInfo> info = getQuantInfo(type);
    if (!info)
      return emitOpError() << name << " must be a !quant.uniform tensor, got "
                           << type;
    if (failed(verifyQuantInfo(emitError, name, *info, {8})))
      return failure();
    if (info->isPerAxis())
      return emitOpError() << name << " must be quantized per tensor, got "
                           << type.getElementType();
    out = info;
  }
  return verifyFusedClamp(emitError, getClampMinAttr(), getClampMaxAttr(), true,
                          out->storageMin, out->storageMax);
}
