//===- ConvToLinalg.cpp - qfold.conv2d to linalg convolutions -------------===//
//
// A qfold.conv2d (NCHW x OIHW) becomes:
//   transpose NCHW->NHWC -> [u8: flip the sign bit] -> tensor.pad
//   -> linalg NHWC convolution into a zero accumulator
//   -> epilogue linalg.generic (bias, [requantize], clamp) -> transpose back.
// Filters are re-laid out for the linalg op, at compile time when constant.
//
//===----------------------------------------------------------------------===//

#include "ConvPlan.h"
#include "LoweringUtils.h"
#include "Patterns.h"
#include "QuantizedConvAnalysis.h"
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
    if (DenseF32ArrayAttr padValues = op.getPadValuesAttr()) {
      // One value per channel: the padded tensor is those values broadcast,
      // with the input inserted in its middle.
      Value values = createConstantVector(b, loc, padValues.asArrayRef());
      SmallVector<OpFoldResult> sizes =
          getSizes(b, loc, input); // the batch may be dynamic
      for (int d : {1, 2})
        sizes[d] = b.getIndexAttr(shape[d]);
      AffineMap channel = AffineMap::get(4, 0, b.getAffineDimExpr(3));
      Value background = createParallelGeneric(
          b, loc, sizes, type.getElementType(), values, channel,
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
      SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, input);
      input = tensor::InsertSliceOp::create(
          b, loc, input, background, low, inputSizes,
          getAsIndexOpFoldResult(b.getContext(), {1, 1, 1, 1}));
    } else {
      input = tensor::PadOp::create(b, loc, type.clone(shape), input, low, high,
                                    padValue);
    }
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

struct ConvertConv2D : OpConversionPattern<Conv2DOp> {
  ConvertConv2D(const TypeConverter &converter, MLIRContext *ctx,
                RequantMode defaultMode, TfliteRounding rounding)
      : OpConversionPattern(converter, ctx), defaultMode(defaultMode),
        rounding(rounding) {}

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
    llvm::append_range(channelTensors,
                       createChannelParams(b, loc, *requant, rounding));
    return createChannelwise(
        b, loc, acc, channelTensors, 3, i8,
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value sum = arith::AddIOp::create(nb, nl, args[0], args[1]);
          Value q = emitRequantize(nb, nl, sum, *requant, rounding,
                                   args.drop_front(2));
          return arith::TruncIOp::create(nb, nl, i8, q);
        });
  }

  RequantMode defaultMode;
  TfliteRounding rounding;
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
    RequantMode defaultMode, TfliteRounding rounding) {
  patterns.add<ConvertConv2D>(converter, patterns.getContext(), defaultMode,
                              rounding);
}
