//===- QuantInfo.h - uniform quantized type queries --------------*- C++
//-*-===//
//
// A flattened view of `!quant.uniform` types (per-tensor or per-axis) used by
// the verifiers, the folding patterns and the lowering, so that none of them
// has to special-case the two upstream type classes.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QUANTINFO_H
#define QFOLD_DIALECT_QFOLD_IR_QUANTINFO_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::qfold {

/// The parameters of a uniform quantized element type.
struct QuantInfo {
  quant::QuantizedType type;
  /// One entry for per-tensor types, one per slice for per-axis types.
  llvm::SmallVector<double> scales;
  llvm::SmallVector<int64_t> zeroPoints;
  /// The quantized dimension of a per-axis type; std::nullopt per tensor.
  std::optional<int32_t> axis;
  int64_t storageMin = 0;
  int64_t storageMax = 0;
  unsigned storageWidth = 0;
  bool isSigned = false;

  bool isPerAxis() const { return axis.has_value(); }
  /// The scale / zero point of slice `i` (the only one when per tensor).
  double scale(size_t i = 0) const { return scales[isPerAxis() ? i : 0]; }
  int64_t zeroPoint(size_t i = 0) const {
    return zeroPoints[isPerAxis() ? i : 0];
  }
};

/// The quantization parameters of `type` (an element type, or a shaped type
/// whose element type is quantized), or std::nullopt when it is not a
/// UniformQuantizedType or UniformQuantizedPerAxisType.
std::optional<QuantInfo> getQuantInfo(Type type);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_QUANTINFO_H
