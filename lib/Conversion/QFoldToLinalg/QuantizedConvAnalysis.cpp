//===- QuantizedConvAnalysis.cpp - a quantized conv2d's constants ---------===//

#include "QuantizedConvAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

/// The values of a dense constant as int64 (storage bits reinterpreted as
/// unsigned when `isSigned` is false), or std::nullopt.
static std::optional<SmallVector<int64_t>> getConstantInts(Value value,
                                                           bool isSigned) {
  // Before conversion, quantized constants are scasts of integer constants.
  if (auto cast = value ? value.getDefiningOp<quant::StorageCastOp>() : nullptr)
    value = cast.getInput();
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !isa<IntegerType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<int64_t> result;
  result.reserve(attr.getNumElements());
  for (const APInt &v : attr.getValues<APInt>())
    result.push_back(isSigned ? v.getSExtValue() : int64_t(v.getZExtValue()));
  return result;
}

static std::optional<ConstantFilter>
analyzeConstantFilter(Conv2DOp op, const ConvPlan &plan, Value storage,
                      const QuantInfo &info) {
  std::optional<SmallVector<int64_t>> weights =
      getConstantInts(storage, info.isSigned);
  if (!weights)
    return std::nullopt;
  ArrayRef<int64_t> oihwShape = op.getFilter().getType().getShape();
  int64_t o = oihwShape[0];
  int64_t perChannel = oihwShape[1] * oihwShape[2] * oihwShape[3];
  ConstantFilter result;
  result.sums.assign(o, 0);
  result.absSums.assign(o, 0);
  for (int64_t oc = 0; oc < o; ++oc)
    for (int64_t k = 0; k < perChannel; ++k) {
      int64_t &w = (*weights)[oc * perChannel + k];
      w -= info.zeroPoint(oc);
      result.sums[oc] += w;
      result.absSums[oc] += std::abs(w);
      result.fitsI8 &= w >= -128 && w <= 127;
    }
  result.relaid = relayoutFilter<int64_t>(*weights, oihwShape, plan);
  return result;
}

QuantizedFilter
lowering::materializeConstantFilter(OpBuilder &b, Location loc,
                                    const ConvPlan &plan,
                                    const ConstantFilter &constant) {
  Type elementType = constant.fitsI8 ? b.getI8Type() : b.getI16Type();
  auto type = RankedTensorType::get(plan.filterShape, elementType);
  SmallVector<APInt> values;
  values.reserve(constant.relaid.size());
  for (int64_t w : constant.relaid)
    values.emplace_back(elementType.getIntOrFloatBitWidth(), w,
                        /*isSigned=*/true);
  SmallVector<int32_t> sums(constant.sums.begin(), constant.sums.end());
  return {
      arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, values)),
      createConstantVector(b, loc, ArrayRef(sums))};
}

/// Run-time weights: widen, subtract the zero points, re-lay out, and sum.
QuantizedFilter lowering::prepareRuntimeFilter(OpBuilder &b, Location loc,
                                               Conv2DOp op,
                                               const ConvPlan &plan,
                                               Value storage,
                                               const QuantInfo &info) {
  int64_t o = plan.outChannels;
  Type i16 = b.getI16Type(), i32 = b.getI32Type();
  SmallVector<int32_t> zeroPoints;
  for (int64_t oc = 0; oc < o; ++oc)
    zeroPoints.push_back(info.zeroPoint(oc));
  Value zpTensor = createConstantVector(b, loc, ArrayRef(zeroPoints));
  auto centered = [&](OpBuilder &nb, Location nl, Value w, Value zp) -> Value {
    return arith::SubIOp::create(nb, nl, extendToI32(nb, nl, w, info.isSigned),
                                 zp);
  };
  QuantizedFilter result;
  result.filter = relayoutFilterAtRuntime(
      b, loc, storage, plan, i16, zpTensor,
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        return arith::TruncIOp::create(nb, nl, i16,
                                       centered(nb, nl, args[0], args[1]));
      });

  // sums[o] = sum over (i, kh, kw) of w[o, i, kh, kw] - zp[o].
  Value init =
      linalg::FillOp::create(b, loc, createScalar(b, loc, i32, 0.0),
                             createEmpty(b, loc, {b.getIndexAttr(o)}, i32))
          .getResult(0);
  MLIRContext *ctx = b.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(4, ctx);
  AffineMap toChannel = AffineMap::get(4, 0, getAffineDimExpr(0, ctx), ctx);
  SmallVector<utils::IteratorType> iterators = {
      utils::IteratorType::parallel, utils::IteratorType::reduction,
      utils::IteratorType::reduction, utils::IteratorType::reduction};
  result.sums =
      linalg::GenericOp::create(
          b, loc, init.getType(), ValueRange{storage, zpTensor}, init,
          ArrayRef<AffineMap>{identity, toChannel, toChannel}, iterators,
          [&](OpBuilder &nb, Location nl, ValueRange args) {
            Value w = centered(nb, nl, args[0], args[1]);
            linalg::YieldOp::create(
                nb, nl, Value(arith::AddIOp::create(nb, nl, args[2], w)));
          })
          .getResult(0);
  return result;
}

FailureOr<QuantizedConvAnalysis>
lowering::analyzeQuantizedConv(Conv2DOp op, const ConvPlan &plan,
                               Value filterStorage, Value biasStorage,
                               RequantMode defaultMode) {
  QuantInfo inInfo = *getQuantInfo(op.getInput().getType());
  QuantInfo filterInfo = *getQuantInfo(op.getFilter().getType());
  int64_t o = plan.outChannels;
  QuantizedConvAnalysis analysis;

  if (!op.isIntegerForm()) {
    QuantInfo outInfo = *getQuantInfo(op.getOutput().getType());
    RequantMode mode = op.getRequantModeOr(defaultMode);
    SmallVector<double> real;
    SmallVector<float> floats;
    for (int64_t oc = 0; oc < o; ++oc) {
      real.push_back(inInfo.scale() * filterInfo.scale(oc) / outInfo.scale());
      floats.push_back(onnxMultiplier(inInfo.scale(), filterInfo.scale(oc),
                                      outInfo.scale()));
    }
    FailureOr<RequantPlan> created = RequantPlan::create(
        mode, real, floats, outInfo.zeroPoint(), op.getQuantClampMin(),
        op.getQuantClampMax(), [&] { return op.emitOpError(); });
    if (failed(created))
      return failure();
    analysis.requant = *created;
  }

  analysis.flipSignBit = !inInfo.isSigned;
  analysis.inputZeroPoint =
      inInfo.zeroPoint() - (analysis.flipSignBit ? 128 : 0);

  // sum (x - x_zp)(w - w_zp) = sum x (w - w_zp) - x_zp * sum (w - w_zp):
  // the second term and the bias form one per-channel correction, computed
  // at compile time when the filter and bias are constants.
  analysis.constantFilter =
      analyzeConstantFilter(op, plan, filterStorage, filterInfo);
  std::optional<SmallVector<int64_t>> bias;
  if (biasStorage)
    bias = getConstantInts(biasStorage, /*isSigned=*/true);

  // The exact accumulator sum (x - x_zp)(w - w_zp) + bias must fit in
  // int32; intermediate sums may wrap (two's complement), the final value
  // may not. The bound is tight for constant weights, worst case otherwise.
  ArrayRef<int64_t> oihw = op.getFilter().getType().getShape();
  int64_t perChannel = oihw[1] * oihw[2] * oihw[3];
  int64_t maxAbsX = std::max(inInfo.storageMax - inInfo.zeroPoint(),
                             inInfo.zeroPoint() - inInfo.storageMin);
  for (int64_t oc = 0; oc < o; ++oc) {
    int64_t maxAbsW =
        std::max(filterInfo.storageMax - filterInfo.zeroPoint(oc),
                 filterInfo.zeroPoint(oc) - filterInfo.storageMin);
    int64_t absWeights = analysis.constantFilter
                             ? analysis.constantFilter->absSums[oc]
                             : perChannel * maxAbsW;
    int64_t worst = absWeights * maxAbsX + (bias ? std::abs((*bias)[oc]) : 0);
    if (worst > std::numeric_limits<int32_t>::max())
      return op.emitOpError("the int32 accumulator of output channel ")
             << oc << " can overflow: " << perChannel
             << " products of |x - x_zp| <= " << maxAbsX
             << " and weights with sum |w - w_zp| <= " << absWeights
             << (bias ? " plus the bias" : "") << " reach " << worst
             << " > 2147483647";
  }

  if (analysis.constantFilter && (bias || !biasStorage)) {
    analysis.constantCorrection.emplace();
    for (int64_t oc = 0; oc < o; ++oc) {
      // Wrapped to int32 like the run-time sums: exact modulo 2^32.
      int64_t c = (bias ? (*bias)[oc] : 0) -
                  analysis.inputZeroPoint * analysis.constantFilter->sums[oc];
      analysis.constantCorrection->push_back(
          static_cast<int32_t>(static_cast<uint32_t>(c)));
    }
  }
  return analysis;
}
