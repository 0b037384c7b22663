//===- QuantizedConstants.cpp - compile-time quantized weights ------------===//

#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Support/QuantizedClamp.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

/// `value` with the static reshapes in front of it peeled off (a reshape
/// keeps the row-major order of the values).
static Value skipReshapes(Value value) {
  while (value) {
    Operation *op = value.getDefiningOp();
    if (!isa_and_nonnull<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op))
      break;
    value = op->getOperand(0);
  }
  return value;
}

std::optional<std::vector<double>> mlir::qfold::getConstantValues(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(skipReshapes(value), m_Constant(&attr)))
    return std::nullopt;
  std::vector<double> result;
  if (attr.getElementType().isF32()) {
    for (const APFloat &v : attr.getValues<APFloat>())
      result.push_back(v.convertToDouble());
    return result;
  }
  if (!isa<IntegerType>(attr.getElementType()))
    return std::nullopt;
  for (const APInt &v : attr.getValues<APInt>())
    result.push_back(double(v.getSExtValue()));
  return result;
}

std::optional<std::vector<float>>
mlir::qfold::getConstantF32Values(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(skipReshapes(value), m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return std::nullopt;
  auto values = attr.getValues<float>();
  return std::vector<float>(values.begin(), values.end());
}

std::optional<std::vector<QuantizedChannel>>
mlir::qfold::getConstantQuantizedFilter(Value quantized, const QuantInfo &info,
                                        int64_t outChannels) {
  if (outChannels <= 0 || (info.isPerAxis() && *info.axis != 0))
    return std::nullopt;
  std::optional<std::vector<double>> values;
  bool isFloat = false;
  if (auto scast = quantized.getDefiningOp<quant::StorageCastOp>()) {
    values = getConstantValues(scast.getInput());
  } else if (auto qcast = quantized.getDefiningOp<quant::QuantizeCastOp>()) {
    values = getConstantValues(qcast.getInput());
    isFloat = true;
  }
  if (!values || values->size() % outChannels)
    return std::nullopt;
  size_t perChannel = values->size() / outChannels;
  std::vector<QuantizedChannel> channels;
  for (int64_t o = 0; o < outChannels; ++o) {
    QuantizedChannel channel;
    channel.scale = info.scale(o);
    channel.zeroPoint = info.zeroPoint(o);
    for (size_t k = 0; k < perChannel; ++k) {
      double v = (*values)[o * perChannel + k];
      int64_t w;
      if (isFloat) {
        // f32 constants read as doubles: the cast back is exact.
        w = quantizeF32(static_cast<float>(v), channel.scale, channel.zeroPoint,
                        info.storageMin, info.storageMax);
      } else {
        // Storage bits of unsigned types read back as unsigned.
        w = int64_t(v);
        if (!info.isSigned && w < 0)
          w += int64_t(1) << info.storageWidth;
      }
      channel.weights.push_back(w);
    }
    channels.push_back(std::move(channel));
  }
  return channels;
}

Value mlir::qfold::createPerChannelFilter(OpBuilder &builder, Location loc,
                                          ArrayRef<int64_t> shape,
                                          const QuantStorage &storage,
                                          ArrayRef<QuantizedChannel> channels) {
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  SmallVector<APInt> data;
  for (const QuantizedChannel &channel : channels) {
    scales.push_back(channel.scale);
    zeroPoints.push_back(channel.zeroPoint);
    for (int64_t v : channel.weights)
      data.emplace_back(storage.width, v, /*isSigned=*/v < 0);
  }
  IntegerType storageType = builder.getIntegerType(storage.width);
  Value raw = arith::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(RankedTensorType::get(shape, storageType), data));
  Type perAxis = quant::UniformQuantizedPerAxisType::get(
      storage.isSigned ? quant::QuantizationFlags::Signed : 0, storageType,
      builder.getF32Type(), scales, zeroPoints, /*quantizedDimension=*/0,
      storage.min, storage.max);
  return quant::StorageCastOp::create(
      builder, loc, RankedTensorType::get(shape, perAxis), raw);
}

std::optional<std::vector<double>>
mlir::qfold::getChannelConstant(Value value, int64_t channels) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 4 || !type.getElementType().isF32())
    return std::nullopt;
  ArrayRef<int64_t> shape = type.getShape();
  if (shape[0] != 1 || shape[2] != 1 || shape[3] != 1 ||
      (shape[1] != channels && shape[1] != 1))
    return std::nullopt;
  std::optional<std::vector<double>> values = getConstantValues(value);
  if (!values)
    return std::nullopt;
  if (shape[1] == 1)
    values->assign(channels, values->front());
  return values;
}

Value mlir::qfold::createF32Constant(OpBuilder &builder, Location loc,
                                     ShapedType type, ArrayRef<float> values) {
  return arith::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(
          RankedTensorType::get(type.getShape(), builder.getF32Type()),
          values));
}

Value mlir::qfold::createF32Vector(OpBuilder &builder, Location loc,
                                   ArrayRef<float> values) {
  return createF32Constant(
      builder, loc,
      RankedTensorType::get({static_cast<int64_t>(values.size())},
                            builder.getF32Type()),
      values);
}

std::optional<std::vector<double>>
mlir::qfold::getConstantBiasOrZeros(Value bias, int64_t channels) {
  if (!bias)
    return std::vector<double>(channels, 0.0);
  return getConstantValues(bias);
}
