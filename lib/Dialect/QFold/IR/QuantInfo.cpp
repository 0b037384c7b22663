//===- QuantInfo.cpp - uniform quantized type queries ---------------------===//

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::qfold;

std::optional<QuantInfo> mlir::qfold::getQuantInfo(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    type = shaped.getElementType();
  QuantInfo info;
  if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(type)) {
    info.type = perTensor;
    info.scales.push_back(perTensor.getScale());
    info.zeroPoints.push_back(perTensor.getZeroPoint());
  } else if (auto perAxis =
                 dyn_cast<quant::UniformQuantizedPerAxisType>(type)) {
    info.type = perAxis;
    info.scales.assign(perAxis.getScales().begin(), perAxis.getScales().end());
    info.zeroPoints.assign(perAxis.getZeroPoints().begin(),
                           perAxis.getZeroPoints().end());
    info.axis = perAxis.getQuantizedDimension();
  } else {
    return std::nullopt;
  }
  info.storageMin = info.type.getStorageTypeMin();
  info.storageMax = info.type.getStorageTypeMax();
  info.storageWidth = info.type.getStorageTypeIntegralWidth();
  info.isSigned = info.type.isSigned();
  return info;
}
