//===- ElementwiseToLinalg.cpp - batch_norm, relu, clamp to linalg --------===//
//
// The unfolded ops, so that folded and unfolded programs can be compared by
// execution: each becomes one elementwise linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "RequantizeEmitter.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Support/QuantizedClamp.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

/// out = (x - mean[c]) * s[c] + beta[c] with s = gamma / sqrt(variance + eps),
/// s computed in double when the statistics are constant.
struct ConvertBatchNorm : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type f32 = rewriter.getF32Type();
    Value scale;
    if (std::optional<BatchNormParams> params =
            getConstantBatchNormParams(op)) {
      ChannelAffine affine = computeBatchNormAffine(*params);
      SmallVector<float> values(affine.scale.begin(), affine.scale.end());
      scale = createConstantVector(rewriter, loc, ArrayRef(values));
    } else {
      Value eps =
          createScalar(rewriter, loc, f32, op.getEpsilon().convertToDouble());
      scale = createParallelGeneric(
          rewriter, loc, getSizes(rewriter, loc, adaptor.getScale()), f32,
          ValueRange{adaptor.getScale(), adaptor.getVariance()},
          {rewriter.getMultiDimIdentityMap(1),
           rewriter.getMultiDimIdentityMap(1)},
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            Value denom = math::SqrtOp::create(
                b, l, arith::AddFOp::create(b, l, args[1], eps));
            return arith::DivFOp::create(b, l, args[0], denom);
          });
    }
    Value result = createChannelwise(
        rewriter, loc, adaptor.getInput(),
        ValueRange{adaptor.getMean(), scale, adaptor.getBias()}, 1, f32,
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value centered = arith::SubFOp::create(b, l, args[0], args[1]);
          Value scaled = arith::MulFOp::create(b, l, centered, args[2]);
          return arith::AddFOp::create(b, l, scaled, args[3]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The real range of a relu or clamp.
RealRange getRange(ReluOp) {
  return {0.0, std::numeric_limits<double>::infinity()};
}
RealRange getRange(ClampOp op) { return {op.getMinValue(), op.getMaxValue()}; }

/// relu/clamp: a float clamp; a pure integer clamp at the quantized bounds
/// (equal types); or dequantize -> clamp -> quantize into the result type
/// (different types), in the op's requantization mode.
template <typename ActivationOp>
struct ConvertActivation : OpConversionPattern<ActivationOp> {
  ConvertActivation(const TypeConverter &converter, MLIRContext *ctx,
                    RequantMode defaultMode, TfliteRounding rounding)
      : OpConversionPattern<ActivationOp>(converter, ctx),
        defaultMode(defaultMode), rounding(rounding) {}

  LogicalResult
  matchAndRewrite(ActivationOp op, typename ActivationOp::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    RealRange range = getRange(op);
    std::optional<QuantInfo> in = getQuantInfo(op.getInput().getType());
    std::optional<QuantInfo> out = getQuantInfo(op.getType());
    Type elementType = cast<ShapedType>(input.getType()).getElementType();

    std::function<Value(OpBuilder &, Location, ValueRange)> fn;
    std::optional<RequantPlan> plan;
    IntRange bounds{0, 0};
    if (!in) {
      fn = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        Value v = args[0];
        if (!std::isinf(range.lo))
          v = arith::MaximumFOp::create(
              b, l, v, createScalar(b, l, elementType, range.lo));
        if (!std::isinf(range.hi))
          v = arith::MinimumFOp::create(
              b, l, v, createScalar(b, l, elementType, range.hi));
        return v;
      };
    } else {
      bounds = quantizeRange(range, out->scale(), out->zeroPoint(),
                             out->storageMin, out->storageMax);
      if (in->type == out->type) {
        fn = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value lo = createScalar(b, l, elementType, double(bounds.lo));
          Value hi = createScalar(b, l, elementType, double(bounds.hi));
          if (in->isSigned)
            return arith::MinSIOp::create(
                b, l, arith::MaxSIOp::create(b, l, args[0], lo), hi);
          return arith::MinUIOp::create(
              b, l, arith::MaxUIOp::create(b, l, args[0], lo), hi);
        };
      } else if (op.getRequantModeOr(defaultMode) == RequantMode::tflite) {
        FailureOr<RequantPlan> created = RequantPlan::create(
            RequantMode::tflite, {in->scale() / out->scale()}, {},
            out->zeroPoint(), bounds.lo, bounds.hi,
            [&] { return op.emitOpError(); });
        if (failed(created))
          return failure();
        plan = *created;
        fn = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Type i32 = b.getI32Type();
          Value centered = arith::SubIOp::create(
              b, l, extendToI32(b, l, args[0], in->isSigned),
              createScalar(b, l, i32, double(in->zeroPoint())));
          Value q = emitRequantize(b, l, centered, *plan, rounding, {});
          return arith::TruncIOp::create(b, l, elementType, q);
        };
      } else {
        fn = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Type i32 = b.getI32Type(), f32 = b.getF32Type();
          Value real =
              emitDequantize(b, l, args[0], in->isSigned,
                             createScalar(b, l, i32, double(in->zeroPoint())),
                             createScalar(b, l, f32, in->scale()));
          Value q =
              emitQuantize(b, l, real, createScalar(b, l, f32, out->scale()),
                           createScalar(b, l, i32, double(out->zeroPoint())),
                           bounds.lo, bounds.hi);
          return arith::TruncIOp::create(b, l, elementType, q);
        };
      }
    }
    int64_t rank = cast<ShapedType>(input.getType()).getRank();
    Value result = createParallelGeneric(
        rewriter, loc, getSizes(rewriter, loc, input), elementType, input,
        rewriter.getMultiDimIdentityMap(rank), fn);
    rewriter.replaceOp(op, result);
    return success();
  }

  RequantMode defaultMode;
  TfliteRounding rounding;
};

} // namespace

LogicalResult lowering::checkActivationLowerable(Operation *op,
                                                 RequantMode defaultMode) {
  std::optional<QuantInfo> in = getQuantInfo(op->getOperand(0).getType());
  std::optional<QuantInfo> out = getQuantInfo(op->getResult(0).getType());
  RequantMode mode =
      cast<RequantizingOpInterface>(op).getRequantModeOr(defaultMode);
  if (!in || in->type == out->type || mode != RequantMode::tflite)
    return success();
  return RequantPlan::create(RequantMode::tflite, {in->scale() / out->scale()},
                             {}, 0, 0, 0, [&] { return op->emitOpError(); });
}

void lowering::populateElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    RequantMode defaultMode, TfliteRounding rounding) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConvertBatchNorm>(converter, ctx);
  patterns.add<ConvertActivation<ReluOp>, ConvertActivation<ClampOp>>(
      converter, ctx, defaultMode, rounding);
}
