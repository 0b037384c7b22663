//===- ConvToLinalg.cpp - qfold.conv2d to linalg convolutions -------------===//
//
// A qfold.conv2d (NCHW x OIHW) becomes:
//   transpose NCHW->NHWC -> [u8: flip the sign bit] -> tensor.pad
//   -> linalg NHWC convolution into a zero accumulator
//   -> epilogue linalg.generic (bias, [requantize], clamp) -> transpose back.
// Filters are re-laid out for the linalg op, at compile time when constant.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "RequantizeEmitter.h"

#include "qfold/Conversion/QFoldToLinalg/QFoldToLinalg.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"

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

namespace {

enum class ConvKind { Regular, Depthwise, DepthwiseMultiplier, Grouped };

/// Which linalg convolution computes a qfold.conv2d, and where its filter and
/// output channels go.
struct ConvPlan {
  ConvKind kind;
  int64_t outChannels;
  int64_t groups;
  /// The filter layout the linalg op reads, and the map from its dimensions
  /// to the OIHW filter: the single description used both to re-lay out
  /// constants at compile time and as the indexing map of the run-time
  /// re-layout.
  SmallVector<int64_t> filterShape;
  AffineMap filterToOihw;
  /// The linalg op's output channel dimensions ({O}, {C, M} or {G, F}),
  /// collapsed into one afterwards; output channel o = c * M + m = g * F + f.
  SmallVector<int64_t> outChannelDims;
};

ConvPlan planConv(Conv2DOp op) {
  MLIRContext *ctx = op.getContext();
  ArrayRef<int64_t> oihw = op.getFilter().getType().getShape();
  int64_t o = oihw[0], cg = oihw[1], kh = oihw[2], kw = oihw[3];
  int64_t c = op.getInput().getType().getDimSize(1);
  int64_t g = op.getGroups();
  AffineExpr d0, d1, d2, d3, d4;
  bindDims(ctx, d0, d1, d2, d3, d4);
  AffineExpr zero = getAffineConstantExpr(0, ctx);

  ConvPlan plan;
  plan.outChannels = o;
  plan.groups = g;
  if (g == 1) {
    plan.kind = ConvKind::Regular; // HWCF
    plan.filterShape = {kh, kw, c, o};
    plan.filterToOihw = AffineMap::get(4, 0, {d3, d2, d0, d1}, ctx);
    plan.outChannelDims = {o};
  } else if (cg == 1 && g == c && o == c) {
    plan.kind = ConvKind::Depthwise; // HWC
    plan.filterShape = {kh, kw, c};
    plan.filterToOihw = AffineMap::get(3, 0, {d2, zero, d0, d1}, ctx);
    plan.outChannelDims = {c};
  } else if (cg == 1 && g == c) {
    int64_t m = o / c;
    plan.kind = ConvKind::DepthwiseMultiplier; // HWCM
    plan.filterShape = {kh, kw, c, m};
    plan.filterToOihw = AffineMap::get(4, 0, {d2 * m + d3, zero, d0, d1}, ctx);
    plan.outChannelDims = {c, m};
  } else {
    int64_t f = o / g;
    plan.kind = ConvKind::Grouped; // GFHWC
    plan.filterShape = {g, f, kh, kw, cg};
    plan.filterToOihw = AffineMap::get(5, 0, {d0 * f + d1, d4, d2, d3}, ctx);
    plan.outChannelDims = {g, f};
  }
  return plan;
}

/// Re-lays out a row-major OIHW buffer into the plan's filter layout.
template <typename T>
SmallVector<T> relayoutFilter(ArrayRef<T> oihw, ArrayRef<int64_t> oihwShape,
                              const ConvPlan &plan) {
  int64_t strides[4] = {oihwShape[1] * oihwShape[2] * oihwShape[3],
                        oihwShape[2] * oihwShape[3], oihwShape[3], 1};
  SmallVector<T> result;
  result.reserve(oihw.size());
  SmallVector<int64_t> index(plan.filterShape.size(), 0);
  for (size_t linear = 0; linear < oihw.size(); ++linear) {
    SmallVector<int64_t> source = plan.filterToOihw.compose(index);
    int64_t offset = 0;
    for (int i = 0; i < 4; ++i)
      offset += source[i] * strides[i];
    result.push_back(oihw[offset]);
    // Advance the row-major index of the destination.
    for (int dim = index.size() - 1; dim >= 0; --dim) {
      if (++index[dim] < plan.filterShape[dim])
        break;
      index[dim] = 0;
    }
  }
  return result;
}

/// The map from the plan's filter dimensions to the output channel.
AffineMap filterToChannel(const ConvPlan &plan) {
  return plan.filterToOihw.getSubMap({0});
}

/// Re-lays out a non-constant filter with a linalg.generic reading the OIHW
/// tensor through the plan's map; `channelTensors` are 1-D per-output-channel
/// tensors also passed to `body`.
Value relayoutFilterAtRuntime(OpBuilder &b, Location loc, Value oihw,
                              const ConvPlan &plan, Type elementType,
                              ValueRange channelTensors, GenericBody body) {
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(b.getContext(), plan.filterShape);
  SmallVector<AffineMap> maps = {plan.filterToOihw};
  maps.append(channelTensors.size(), filterToChannel(plan));
  SmallVector<Value> inputs = {oihw};
  inputs.append(channelTensors.begin(), channelTensors.end());
  return createParallelGeneric(b, loc, sizes, elementType, inputs, maps, body);
}

/// The NHWC input: transposed, [sign-flipped], padded with `padValue`, and
/// for grouped convs split into [N, H, W, G, C/G].
Value prepareInput(OpBuilder &b, Location loc, Value nchw, Conv2DOp op,
                   const ConvPlan &plan, bool flipSignBit, Value padValue) {
  Value input = createTranspose(b, loc, nchw, {0, 2, 3, 1});
  if (flipSignBit) {
    // u8 storage as i8: x - 128 is x ^ 0x80, so every activation can use the
    // signed i8 convolution with zero point - 128.
    Type i8 = b.getI8Type();
    Value signBit = createScalar(b, loc, i8, -128.0);
    input = createParallelGeneric(
        b, loc, getSizes(b, loc, input), i8, input, b.getMultiDimIdentityMap(4),
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          return arith::XOrIOp::create(nb, nl, args[0], signBit);
        });
  }
  ArrayRef<int64_t> pads = op.getPads(); // top, left, bottom, right
  if (llvm::any_of(pads, [](int64_t p) { return p != 0; })) {
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[1] += pads[0] + pads[2];
    shape[2] += pads[1] + pads[3];
    SmallVector<OpFoldResult> low =
        getAsIndexOpFoldResult(b.getContext(), {0, pads[0], pads[1], 0});
    SmallVector<OpFoldResult> high =
        getAsIndexOpFoldResult(b.getContext(), {0, pads[2], pads[3], 0});
    input = tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                                  padValue);
  }
  if (plan.kind == ConvKind::Grouped) {
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> shape(type.getShape().take_front(3));
    shape.push_back(plan.groups);
    shape.push_back(type.getDimSize(3) / plan.groups);
    input = tensor::ExpandShapeOp::create(
        b, loc, type.clone(shape), input,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  }
  return input;
}

/// Runs the plan's linalg convolution into a zero accumulator of
/// `accumulatorType` and returns it as [N, OH, OW, O].
Value createConvolution(OpBuilder &b, Location loc, Conv2DOp op,
                        const ConvPlan &plan, Value input, Value filter,
                        Type accumulatorType) {
  auto resultType = op.getOutput().getType();
  SmallVector<OpFoldResult> sizes = {getSizes(b, loc, input)[0],
                                     b.getIndexAttr(resultType.getDimSize(2)),
                                     b.getIndexAttr(resultType.getDimSize(3))};
  for (int64_t dim : plan.outChannelDims)
    sizes.push_back(b.getIndexAttr(dim));
  Value zero = createScalar(b, loc, accumulatorType, 0.0);
  Value init = linalg::FillOp::create(
                   b, loc, zero, createEmpty(b, loc, sizes, accumulatorType))
                   .getResult(0);

  auto attrType = RankedTensorType::get({2}, b.getI64Type());
  Attribute strides = DenseIntElementsAttr::get(attrType, op.getStrides());
  Attribute dilations = DenseIntElementsAttr::get(attrType, op.getDilations());
  Type resultTypes = init.getType();
  Operation *conv = nullptr;
  switch (plan.kind) {
  case ConvKind::Regular:
    conv = linalg::Conv2DNhwcHwcfOp::create(b, loc, resultTypes,
                                            ValueRange{input, filter}, init,
                                            strides, dilations);
    break;
  case ConvKind::Depthwise:
    conv = linalg::DepthwiseConv2DNhwcHwcOp::create(b, loc, resultTypes,
                                                    ValueRange{input, filter},
                                                    init, strides, dilations);
    break;
  case ConvKind::DepthwiseMultiplier:
    conv = linalg::DepthwiseConv2DNhwcHwcmOp::create(b, loc, resultTypes,
                                                     ValueRange{input, filter},
                                                     init, strides, dilations);
    break;
  case ConvKind::Grouped:
    conv = linalg::Conv2DNhwgcGfhwcOp::create(b, loc, resultTypes,
                                              ValueRange{input, filter}, init,
                                              strides, dilations);
    break;
  }
  Value acc = conv->getResult(0);
  if (plan.outChannelDims.size() == 2)
    acc = tensor::CollapseShapeOp::create(
        b, loc, acc, ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
  return acc;
}

/// The values of a dense constant as int64 (storage bits reinterpreted as
/// unsigned when `isSigned` is false), or std::nullopt.
std::optional<SmallVector<int64_t>> getConstantInts(Value value,
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

/// A constant filter with its zero points subtracted (w - w_zp lies in
/// [-255, 255]), re-laid out for the plan, and its per-channel sums.
struct ConstantFilter {
  SmallVector<int64_t> relaid;
  SmallVector<int64_t> sums;
  /// sum |w - w_zp| per output channel, for the overflow bound.
  SmallVector<int64_t> absSums;
  bool fitsI8 = true;
};

std::optional<ConstantFilter> analyzeConstantFilter(Conv2DOp op,
                                                    const ConvPlan &plan,
                                                    Value storage,
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

/// The filter with its zero points subtracted, in the plan's layout (i8 when
/// every value fits, else i16), and its per-output-channel sums.
struct QuantizedFilter {
  Value filter;
  Value sums; // tensor<O x i32>
};

QuantizedFilter materializeConstantFilter(OpBuilder &b, Location loc,
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
QuantizedFilter prepareRuntimeFilter(OpBuilder &b, Location loc, Conv2DOp op,
                                     const ConvPlan &plan, Value storage,
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

/// What lowering a quantized conv needs to know at compile time, checked:
/// the requantization (none for the integer form), the constant filter and
/// bias when they are constants, and the per-channel correction.
struct QuantizedConvAnalysis {
  std::optional<RequantPlan> requant;
  std::optional<ConstantFilter> constantFilter;
  std::optional<SmallVector<int32_t>> constantCorrection;
  /// The input as signed i8: u8 storage is shifted by 128 (x ^ 0x80).
  bool flipSignBit = false;
  int64_t inputZeroPoint = 0;
};

FailureOr<QuantizedConvAnalysis>
analyzeQuantizedConv(Conv2DOp op, const ConvPlan &plan, Value filterStorage,
                     Value biasStorage, RequantMode defaultMode) {
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

struct ConvertConv2D : OpConversionPattern<Conv2DOp> {
  ConvertConv2D(const TypeConverter &converter, MLIRContext *ctx,
                RequantMode defaultMode)
      : OpConversionPattern(converter, ctx), defaultMode(defaultMode) {}

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ConvPlan plan = planConv(op);
    FailureOr<Value> nhwc = op.isQuantized()
                                ? lowerQuantized(op, adaptor, plan, rewriter)
                                : lowerFloat(op, adaptor, plan, rewriter);
    if (failed(nhwc))
      return failure();
    rewriter.replaceOp(
        op, createTranspose(rewriter, op.getLoc(), *nhwc, {0, 3, 1, 2}));
    return success();
  }

private:
  FailureOr<Value> lowerFloat(Conv2DOp op, OpAdaptor adaptor,
                              const ConvPlan &plan, OpBuilder &b) const {
    Location loc = op.getLoc();
    Type f32 = b.getF32Type();
    Value input =
        prepareInput(b, loc, adaptor.getInput(), op, plan,
                     /*flipSignBit=*/false, createScalar(b, loc, f32, 0.0));
    Value filter;
    DenseElementsAttr constant;
    if (matchPattern(adaptor.getFilter(), m_Constant(&constant))) {
      auto values = llvm::to_vector(constant.getValues<float>());
      SmallVector<float> relaid = relayoutFilter<float>(
          values, op.getFilter().getType().getShape(), plan);
      filter = arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(RankedTensorType::get(plan.filterShape, f32),
                                 ArrayRef(relaid)));
    } else {
      filter = relayoutFilterAtRuntime(
          b, loc, adaptor.getFilter(), plan, f32, {},
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }
    Value acc = createConvolution(b, loc, op, plan, input, filter, f32);

    // Epilogue: bias and the fused clamp.
    double lo = op.getFloatClampMin(), hi = op.getFloatClampMax();
    SmallVector<Value> channelTensors;
    if (adaptor.getBias())
      channelTensors.push_back(adaptor.getBias());
    if (channelTensors.empty() && std::isinf(lo) && std::isinf(hi))
      return acc;
    return createChannelwise(
        b, loc, acc, channelTensors, 3, f32,
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value v = args[0];
          if (args.size() > 1)
            v = arith::AddFOp::create(nb, nl, v, args[1]);
          if (!std::isinf(lo))
            v = arith::MaximumFOp::create(nb, nl, v,
                                          createScalar(nb, nl, f32, lo));
          if (!std::isinf(hi))
            v = arith::MinimumFOp::create(nb, nl, v,
                                          createScalar(nb, nl, f32, hi));
          return v;
        });
  }

  FailureOr<Value> lowerQuantized(Conv2DOp op, OpAdaptor adaptor,
                                  const ConvPlan &plan,
                                  ConversionPatternRewriter &b) const {
    Location loc = op.getLoc();
    Type i8 = b.getI8Type(), i32 = b.getI32Type();
    QuantInfo filterInfo = *getQuantInfo(op.getFilter().getType());
    int64_t o = plan.outChannels;

    // Every check happens here, before any IR is created.
    FailureOr<QuantizedConvAnalysis> analysis = analyzeQuantizedConv(
        op, plan, adaptor.getFilter(), adaptor.getBias(), defaultMode);
    if (failed(analysis))
      return failure();
    const std::optional<RequantPlan> &requant = analysis->requant;
    int64_t inZp = analysis->inputZeroPoint;
    bool flip = analysis->flipSignBit;
    const std::optional<ConstantFilter> &constantFilter =
        analysis->constantFilter;
    const std::optional<SmallVector<int32_t>> &constantCorrection =
        analysis->constantCorrection;

    Value input = prepareInput(b, loc, adaptor.getInput(), op, plan, flip,
                               createScalar(b, loc, i8, double(inZp)));
    QuantizedFilter filter =
        constantFilter
            ? materializeConstantFilter(b, loc, plan, *constantFilter)
            : prepareRuntimeFilter(b, loc, op, plan, adaptor.getFilter(),
                                   filterInfo);
    Value acc = createConvolution(b, loc, op, plan, input, filter.filter, i32);

    Value correction;
    if (constantCorrection) {
      correction = createConstantVector(b, loc, ArrayRef(*constantCorrection));
    } else {
      SmallVector<Value> inputs = {filter.sums};
      if (adaptor.getBias())
        inputs.push_back(adaptor.getBias());
      Value zp = createScalar(b, loc, i32, double(inZp));
      correction = createParallelGeneric(
          b, loc, {b.getIndexAttr(o)}, i32, inputs,
          SmallVector<AffineMap>(inputs.size(), b.getMultiDimIdentityMap(1)),
          [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
            Value biasValue =
                args.size() > 1 ? args[1] : createScalar(nb, nl, i32, 0.0);
            return arith::SubIOp::create(
                nb, nl, biasValue, arith::MulIOp::create(nb, nl, zp, args[0]));
          });
    }

    SmallVector<Value> channelTensors = {correction};
    if (!requant) {
      int64_t lo = op.getQuantClampMin(), hi = op.getQuantClampMax();
      bool clamps = op.hasFusedClamp();
      return createChannelwise(
          b, loc, acc, channelTensors, 3, i32,
          [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
            Value sum = arith::AddIOp::create(nb, nl, args[0], args[1]);
            if (!clamps)
              return sum;
            sum = arith::MaxSIOp::create(nb, nl, sum,
                                         createScalar(nb, nl, i32, double(lo)));
            return arith::MinSIOp::create(
                nb, nl, sum, createScalar(nb, nl, i32, double(hi)));
          });
    }
    llvm::append_range(channelTensors, createChannelParams(b, loc, *requant));
    return createChannelwise(
        b, loc, acc, channelTensors, 3, i8,
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value sum = arith::AddIOp::create(nb, nl, args[0], args[1]);
          Value q = emitRequantize(nb, nl, sum, *requant, args.drop_front(2));
          return arith::TruncIOp::create(nb, nl, i8, q);
        });
  }

  RequantMode defaultMode;
};

} // namespace

LogicalResult
mlir::qfold::lowering::checkConvLowerable(Conv2DOp op,
                                          RequantMode defaultMode) {
  if (!op.isQuantized())
    return success();
  ConvPlan plan = planConv(op);
  return analyzeQuantizedConv(op, plan, op.getFilter(), op.getBias(),
                              defaultMode);
}

void mlir::qfold::lowering::populateConvToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    RequantMode defaultMode) {
  patterns.add<ConvertConv2D>(converter, patterns.getContext(), defaultMode);
}
