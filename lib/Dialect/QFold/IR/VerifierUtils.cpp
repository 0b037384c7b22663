//===- VerifierUtils.cpp - what the qfold op verifiers share --------------===//

#include "VerifierUtils.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;

std::string verifier::list(ArrayRef<int64_t> values) {
  std::string result = "[";
  llvm::raw_string_ostream os(result);
  llvm::interleaveComma(values, os, [&](int64_t v) {
    if (ShapedType::isDynamic(v))
      os << "?";
    else
      os << v;
  });
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

double verifier::getFloatBound(Attribute attr, double absent) {
  if (auto value = dyn_cast_or_null<FloatAttr>(attr))
    return value.getValueAsDouble();
  return absent;
}

int64_t verifier::getIntBound(Attribute attr, int64_t absent) {
  if (auto value = dyn_cast_or_null<IntegerAttr>(attr))
    return value.getInt();
  return absent;
}

LogicalResult
verifier::verifyFusedClamp(function_ref<InFlightDiagnostic()> emitError,
                           Attribute minAttr, Attribute maxAttr, bool quantized,
                           int64_t storageMin, int64_t storageMax) {
  for (auto [name, attr] :
       {std::pair<StringRef, Attribute>{"clamp_min", minAttr},
        std::pair<StringRef, Attribute>{"clamp_max", maxAttr}}) {
    if (!attr)
      continue;
    if (quantized && !isa<IntegerAttr>(attr))
      return emitError()
             << name << " must be an integer in the result's storage domain "
             << "on the quantized form, got " << attr;
    if (!quantized && !isa<FloatAttr>(attr))
      return emitError() << name << " must be an f32 value on the float form, "
                         << "got " << attr;
  }
  if (!quantized) {
    double inf = std::numeric_limits<double>::infinity();
    double lo = getFloatBound(minAttr, -inf), hi = getFloatBound(maxAttr, inf);
    if (std::isnan(lo) || std::isnan(hi))
      return emitError() << "clamp bounds must not be NaN";
    if (lo > hi)
      return emitError() << "clamp_min (" << lo << ") must be <= clamp_max ("
                         << hi << ")";
    return success();
  }
  int64_t lo = getIntBound(minAttr, storageMin);
  int64_t hi = getIntBound(maxAttr, storageMax);
  for (auto [name, value] : {std::pair<StringRef, int64_t>{"clamp_min", lo},
                             std::pair<StringRef, int64_t>{"clamp_max", hi}})
    if (value < storageMin || value > storageMax)
      return emitError() << name << " (" << value
                         << ") is outside the storage range [" << storageMin
                         << ", " << storageMax << "] of the result type";
  if (lo > hi)
    return emitError() << "clamp_min (" << lo << ") must be <= clamp_max ("
                       << hi << ")";
  return success();
}

bool verifier::isF32Tensor(Type type) {
  return cast<ShapedType>(type).getElementType().isF32();
}
