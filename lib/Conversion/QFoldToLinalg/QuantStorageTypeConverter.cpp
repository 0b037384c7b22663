//===- QuantStorageTypeConverter.cpp - quantized types to storage ---------===//

#include "qfold/Conversion/QFoldToLinalg/QFoldToLinalg.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::qfold;

QuantStorageTypeConverter::QuantStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion(
      [](quant::QuantizedType type) -> Type { return type.getStorageType(); });
  addConversion([](RankedTensorType type) -> Type {
    if (auto quantized = dyn_cast<quant::QuantizedType>(type.getElementType()))
      return type.clone(quantized.getStorageType());
    return type;
  });
}
