//===- PoolToLinalg.cpp - qfold pools to linalg NHWC pooling --------------===//
//
// A pool becomes: transpose NCHW->NHWC -> tensor.pad (the explicit pads plus
// what ceil_mode's last window reaches past them) -> linalg NHWC pooling ->
// [the average's division by each window's count] -> transpose back. The
// padding value never wins a maximum (-inf, or the storage minimum of the
// quantized type) and adds nothing to a sum.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "RequantizeEmitter.h"

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

/// The window geometry of one pool.
struct PoolWindow {
  SmallVector<int64_t> kernel, strides, dilations, pads;
  SmallVector<int64_t> inputSize, outputSize; // H, W
};

/// The NHWC input padded so that every output window lies inside it.
Value padInput(OpBuilder &b, Location loc, Value nhwc, const PoolWindow &w,
               Value padValue) {
  SmallVector<int64_t> low = {0, w.pads[0], w.pads[1], 0};
  SmallVector<int64_t> high = {0, 0, 0, 0};
  for (int i = 0; i < 2; ++i) {
    int64_t extent = w.dilations[i] * (w.kernel[i] - 1) + 1;
    int64_t needed = (w.outputSize[i] - 1) * w.strides[i] + extent;
    // ceil_mode's last window may reach past the explicit padding.
    high[1 + i] = std::max(w.pads[2 + i], needed - w.pads[i] - w.inputSize[i]);
  }
  if (llvm::all_of(low, [](int64_t v) { return v == 0; }) &&
      llvm::all_of(high, [](int64_t v) { return v == 0; }))
    return nhwc;
  auto type = cast<RankedTensorType>(nhwc.getType());
  SmallVector<int64_t> shape(type.getShape());
  for (int i = 1; i < 3; ++i)
    shape[i] += low[i] + high[i];
  return tensor::PadOp::create(b, loc, type.clone(shape), nhwc,
                               getAsIndexOpFoldResult(b.getContext(), low),
                               getAsIndexOpFoldResult(b.getContext(), high),
                               padValue);
}

/// Runs the NHWC pooling op `PoolingOp` from `init` over the padded input.
template <typename PoolingOp>
Value createPooling(OpBuilder &b, Location loc, Value padded,
                    const PoolWindow &w, Type elementType, Value initValue,
                    int64_t batchAndChannels[2]) {
  SmallVector<int64_t> shape = {batchAndChannels[0], w.outputSize[0],
                                w.outputSize[1], batchAndChannels[1]};
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(b.getContext(), shape);
  if (ShapedType::isDynamic(shape[0]))
    sizes[0] = getSizes(b, loc, padded)[0];
  Value init = linalg::FillOp::create(b, loc, initValue,
                                      createEmpty(b, loc, sizes, elementType))
                   .getResult(0);
  Value window = tensor::EmptyOp::create(b, loc, w.kernel, elementType);
  auto attrType = RankedTensorType::get({2}, b.getI64Type());
  return PoolingOp::create(b, loc, init.getType(), ValueRange{padded, window},
                           init, DenseIntElementsAttr::get(attrType, w.strides),
                           DenseIntElementsAttr::get(attrType, w.dilations))
      ->getResult(0);
}

template <typename PoolOp>
PoolWindow getWindow(PoolOp op, ArrayRef<int64_t> dilations) {
  PoolWindow w;
  w.kernel.assign(op.getKernel().begin(), op.getKernel().end());
  w.strides.assign(op.getStrides().begin(), op.getStrides().end());
  w.dilations.assign(dilations.begin(), dilations.end());
  w.pads.assign(op.getPads().begin(), op.getPads().end());
  w.inputSize.assign(op.getInput().getType().getShape().begin() + 2,
                     op.getInput().getType().getShape().end());
  w.outputSize.assign(op.getType().getShape().begin() + 2,
                      op.getType().getShape().end());
  return w;
}

struct ConvertMaxPool : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    PoolWindow w = getWindow(op, op.getDilations());
    Value nhwc =
        createTranspose(rewriter, loc, adaptor.getInput(), {0, 2, 3, 1});
    Type elementType = cast<ShapedType>(nhwc.getType()).getElementType();
    std::optional<QuantInfo> info = getQuantInfo(op.getType());
    // The lowest value the input can hold: it never wins the maximum.
    double lowest = info ? double(info->storageMin)
                         : -std::numeric_limits<double>::infinity();
    Value lowestValue = createScalar(rewriter, loc, elementType, lowest);
    Value padded = padInput(rewriter, loc, nhwc, w, lowestValue);
    int64_t dims[2] = {op.getType().getDimSize(0), op.getType().getDimSize(1)};
    Value pooled =
        !info ? createPooling<linalg::PoolingNhwcMaxOp>(
                    rewriter, loc, padded, w, elementType, lowestValue, dims)
        : info->isSigned
            ? createPooling<linalg::PoolingNhwcMaxOp>(
                  rewriter, loc, padded, w, elementType, lowestValue, dims)
            : createPooling<linalg::PoolingNhwcMaxUnsignedOp>(
                  rewriter, loc, padded, w, elementType, lowestValue, dims);
    rewriter.replaceOp(op,
                       createTranspose(rewriter, loc, pooled, {0, 3, 1, 2}));
    return success();
  }
};

/// Float: the f32 sum over each window divided by its count. Quantized: the
/// exact i32 sum of (x - zp) requantized once into the result type.
struct ConvertAvgPool : OpConversionPattern<AvgPool2DOp> {
  ConvertAvgPool(const TypeConverter &converter, MLIRContext *ctx,
                 RequantMode defaultMode, TfliteRounding rounding)
      : OpConversionPattern(converter, ctx), defaultMode(defaultMode),
        rounding(rounding) {}

  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    PoolWindow w = getWindow(op, {1, 1});
    SmallVector<int64_t> counts = op.getWindowCounts();
    std::optional<QuantInfo> in = getQuantInfo(op.getInput().getType());
    std::optional<QuantInfo> out = getQuantInfo(op.getType());
    std::optional<RequantPlan> plan;
    if (in) {
      // The verifier guarantees one count for all windows.
      FailureOr<RequantPlan> created =
          createRequantPlan(op, *in, *out, counts.front(), defaultMode);
      if (failed(created))
        return failure();
      plan = *created;
    }

    Value nhwc =
        createTranspose(rewriter, loc, adaptor.getInput(), {0, 2, 3, 1});
    Type accType = in ? Type(rewriter.getI32Type()) : rewriter.getF32Type();
    if (in) {
      // Centered on the zero point, so that padding (real 0) adds nothing.
      Type i32 = rewriter.getI32Type();
      nhwc = createParallelGeneric(
          rewriter, loc, getSizes(rewriter, loc, nhwc), i32, nhwc,
          rewriter.getMultiDimIdentityMap(4),
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::SubIOp::create(
                b, l, extendToI32(b, l, args[0], in->isSigned),
                createScalar(b, l, i32, double(in->zeroPoint())));
          });
    }
    Value zero = createScalar(rewriter, loc, accType, 0.0);
    Value padded = padInput(rewriter, loc, nhwc, w, zero);
    int64_t dims[2] = {op.getType().getDimSize(0), op.getType().getDimSize(1)};
    Value sum = createPooling<linalg::PoolingNhwcSumOp>(rewriter, loc, padded,
                                                        w, accType, zero, dims);
    Value mean = in ? requantizeSums(rewriter, loc, sum, *plan)
                    : divideByCounts(rewriter, loc, sum, w, counts);
    rewriter.replaceOp(op, createTranspose(rewriter, loc, mean, {0, 3, 1, 2}));
    return success();
  }

  static FailureOr<RequantPlan>
  createRequantPlan(AvgPool2DOp op, const QuantInfo &in, const QuantInfo &out,
                    int64_t count, RequantMode defaultMode) {
    double multiplier = in.scale() / (double(count) * out.scale());
    return RequantPlan::create(op.getRequantModeOr(defaultMode), {multiplier},
                               {static_cast<float>(multiplier)},
                               out.zeroPoint(), out.storageMin, out.storageMax,
                               [&] { return op.emitOpError(); });
  }

private:
  Value requantizeSums(OpBuilder &b, Location loc, Value sum,
                       const RequantPlan &plan) const {
    return createParallelGeneric(
        b, loc, getSizes(b, loc, sum), b.getI8Type(), sum,
        b.getMultiDimIdentityMap(4),
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          return arith::TruncIOp::create(
              nb, nl, nb.getI8Type(),
              emitRequantize(nb, nl, args[0], plan, rounding, {}));
        });
  }

  static Value divideByCounts(OpBuilder &b, Location loc, Value sum,
                              const PoolWindow &w, ArrayRef<int64_t> counts) {
    Type f32 = b.getF32Type();
    bool uniform = llvm::all_equal(counts);
    SmallVector<Value> inputs = {sum};
    SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(4)};
    if (!uniform) {
      SmallVector<float> divisors(counts.begin(), counts.end());
      inputs.push_back(arith::ConstantOp::create(
          b, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({w.outputSize[0], w.outputSize[1]}, f32),
              ArrayRef(divisors))));
      maps.push_back(
          AffineMap::get(4, 0, {b.getAffineDimExpr(1), b.getAffineDimExpr(2)},
                         b.getContext()));
    }
    double divisor = double(counts.front());
    return createParallelGeneric(
        b, loc, getSizes(b, loc, sum), f32, inputs, maps,
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value d = uniform ? createScalar(nb, nl, f32, divisor) : args[1];
          return arith::DivFOp::create(nb, nl, args[0], d);
        });
  }

  RequantMode defaultMode;
  TfliteRounding rounding;
};

} // namespace

LogicalResult lowering::checkAvgPoolLowerable(AvgPool2DOp op,
                                              RequantMode defaultMode) {
  std::optional<QuantInfo> in = getQuantInfo(op.getInput().getType());
  if (!in)
    return success();
  return ConvertAvgPool::createRequantPlan(op, *in, *getQuantInfo(op.getType()),
                                           op.getWindowCounts().front(),
                                           defaultMode);
}

void lowering::populatePoolToLinalgPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns,
                                            RequantMode defaultMode,
                                            TfliteRounding rounding) {
  patterns.add<ConvertMaxPool>(converter, patterns.getContext());
  patterns.add<ConvertAvgPool>(converter, patterns.getContext(), defaultMode,
                               rounding);
}
