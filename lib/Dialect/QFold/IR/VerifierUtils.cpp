//===- VerifierUtils.cpp - what the qfold op verifiers share --------------===//

#include "VerifierUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

std::string verifier::list(ArrayRef<int64_t> values) {
  std::string result = "[";
  llvm::raw_string_ostream os(result);
  llvm::interleaveComma(values, os);
  os << "]";
  return result;
}

std::string verifier::storageName(const QuantInfo &info) {
  return (info.isSigned ? "i" : "u") + std::to_string(info.storageWidth);
}

LogicalResult
verifier::verifyQuantInfo(function_ref<InFlightDiagnostic()> emitError,
                          StringRef what, const QuantInfo &info,
                          ArrayRef<unsigned> widths) {
  if (!info.type.getExpressedType().isF32())
    return emitError() << what << " must have an f32 expressed type, got "
                       << info.type.getExpressedType();
  if (!llvm::is_contained(widths, info.storageWidth)) {
    auto diag = emitError() << what << " must have ";
    if (widths.size() == 1 && widths[0] == 32)
      diag << "i32";
    else
      diag << "i8 or u8";
    return diag << " storage, got " << storageName(info);
  }
  for (double scale : info.scales)
    if (!std::isfinite(scale) || !(scale > 0.0))
      return emitError() << what << " has scale " << scale
                         << ", but scales must be finite and positive";
  for (int64_t zp : info.zeroPoints)
    if (zp < info.storageMin || zp > info.storageMax)
      return emitError() << what << " has zero point " << zp
                         << " outside its storage range [" << info.storageMin
                         << ", " << info.storageMax << "]";
  return success();
}

bool verifier::isF32Tensor(Type type) {
  return cast<ShapedType>(type).getElementType().isF32();
}
