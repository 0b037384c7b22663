//===- AddToLinalg.cpp - qfold.add to linalg ------------------------------===//
//
// One elementwise linalg.generic with broadcasting maps. Rank-4 operands are
// added in NHWC between transposes, as the convolutions are lowered, so that
// the transposes between a conv and a residual add cancel.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "RequantizeEmitter.h"

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

constexpr int kTfliteAddLeftShift = 20;

/// The plans of TFLite's quantized add: each input, shifted left by 20 bits,
/// is rescaled to twice the larger input scale, and the sum to the output.
struct TfliteAddPlans {
  RequantPlan lhs, rhs, output;
};

FailureOr<TfliteAddPlans> createTflitePlans(AddOp op) {
  QuantInfo lhs = *getQuantInfo(op.getLhs().getType());
  QuantInfo rhs = *getQuantInfo(op.getRhs().getType());
  QuantInfo out = *getQuantInfo(op.getType());
  double twiceMax = 2.0 * std::max(lhs.scale(), rhs.scale());
  auto emitError = [&] { return op.emitOpError(); };
  int64_t i32Min = std::numeric_limits<int32_t>::min();
  int64_t i32Max = std::numeric_limits<int32_t>::max();
  FailureOr<RequantPlan> lhsPlan =
      RequantPlan::create(RequantMode::tflite, {lhs.scale() / twiceMax}, {}, 0,
                          i32Min, i32Max, emitError);
  FailureOr<RequantPlan> rhsPlan =
      RequantPlan::create(RequantMode::tflite, {rhs.scale() / twiceMax}, {}, 0,
                          i32Min, i32Max, emitError);
  if (failed(lhsPlan) || failed(rhsPlan))
    return failure();
  FailureOr<RequantPlan> outPlan = RequantPlan::create(
      RequantMode::tflite,
      {twiceMax / (double(1 << kTfliteAddLeftShift) * out.scale())}, {},
      out.zeroPoint(), op.getQuantClampMin(), op.getQuantClampMax(), emitError);
  if (failed(outPlan))
    return failure();
  return TfliteAddPlans{*lhsPlan, *rhsPlan, *outPlan};
}

/// The map reading an operand of `type` inside a loop nest over `shape`:
/// broadcast dimensions read index 0.
AffineMap getBroadcastMap(OpBuilder &b, RankedTensorType type,
                          ArrayRef<int64_t> shape) {
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(type.getShape()))
    exprs.push_back(size == shape[i] ? b.getAffineDimExpr(i)
                                     : b.getAffineConstantExpr(0));
  return AffineMap::get(shape.size(), 0, exprs, b.getContext());
}

struct ConvertAdd : OpConversionPattern<AddOp> {
  ConvertAdd(const TypeConverter &converter, MLIRContext *ctx,
             RequantMode defaultMode)
      : OpConversionPattern(converter, ctx), defaultMode(defaultMode) {}

  LogicalResult
  matchAndRewrite(AddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    int64_t rank = op.getType().getRank();
    bool nhwc = rank == 4;
    if (nhwc) {
      lhs = createTranspose(rewriter, loc, lhs, {0, 2, 3, 1});
      rhs = createTranspose(rewriter, loc, rhs, {0, 2, 3, 1});
    }
    SmallVector<int64_t> shape = *AddOp::inferResultShape(
        cast<RankedTensorType>(lhs.getType()).getShape(),
        cast<RankedTensorType>(rhs.getType()).getShape());
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(rewriter.getContext(), shape);
    SmallVector<AffineMap> maps = {
        getBroadcastMap(rewriter, cast<RankedTensorType>(lhs.getType()), shape),
        getBroadcastMap(rewriter, cast<RankedTensorType>(rhs.getType()),
                        shape)};

    Type elementType = cast<ShapedType>(lhs.getType()).getElementType();
    std::function<Value(OpBuilder &, Location, ValueRange)> body;
    std::optional<TfliteAddPlans> tflite;
    if (!op.isQuantized()) {
      double lo = op.getFloatClampMin(), hi = op.getFloatClampMax();
      body = [&, lo, hi](OpBuilder &b, Location l, ValueRange args) -> Value {
        Value v = arith::AddFOp::create(b, l, args[0], args[1]);
        if (!std::isinf(lo))
          v = arith::MaximumFOp::create(b, l, v,
                                        createScalar(b, l, elementType, lo));
        if (!std::isinf(hi))
          v = arith::MinimumFOp::create(b, l, v,
                                        createScalar(b, l, elementType, hi));
        return v;
      };
    } else if (op.getRequantModeOr(defaultMode) == RequantMode::tflite) {
      FailureOr<TfliteAddPlans> plans = createTflitePlans(op);
      if (failed(plans))
        return failure();
      tflite = *plans;
      body = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        Type i32 = b.getI32Type();
        auto scaled = [&](Value storage, Type quantized,
                          const RequantPlan &plan) {
          QuantInfo info = *getQuantInfo(quantized);
          Value centered = arith::SubIOp::create(
              b, l, extendToI32(b, l, storage, info.isSigned),
              createScalar(b, l, i32, double(info.zeroPoint())));
          Value shifted = arith::ShLIOp::create(
              b, l, centered,
              createScalar(b, l, i32, double(kTfliteAddLeftShift)));
          return emitRequantize(b, l, shifted, plan, {});
        };
        Value sum = arith::AddIOp::create(
            b, l, scaled(args[0], op.getLhs().getType(), tflite->lhs),
            scaled(args[1], op.getRhs().getType(), tflite->rhs));
        return arith::TruncIOp::create(
            b, l, elementType, emitRequantize(b, l, sum, tflite->output, {}));
      };
    } else {
      body = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        Type i32 = b.getI32Type(), f32 = b.getF32Type();
        auto dequantize = [&](Value storage, Type quantized) {
          QuantInfo info = *getQuantInfo(quantized);
          return emitDequantize(
              b, l, storage, info.isSigned,
              createScalar(b, l, i32, double(info.zeroPoint())),
              createScalar(b, l, f32, info.scale()));
        };
        Value real = arith::AddFOp::create(
            b, l, dequantize(args[0], op.getLhs().getType()),
            dequantize(args[1], op.getRhs().getType()));
        QuantInfo out = *getQuantInfo(op.getType());
        Value q = emitQuantize(b, l, real, createScalar(b, l, f32, out.scale()),
                               createScalar(b, l, i32, double(out.zeroPoint())),
                               op.getQuantClampMin(), op.getQuantClampMax());
        return arith::TruncIOp::create(b, l, elementType, q);
      };
    }
    Value result = createParallelGeneric(rewriter, loc, sizes, elementType,
                                         ValueRange{lhs, rhs}, maps, body);
    if (nhwc)
      result = createTranspose(rewriter, loc, result, {0, 3, 1, 2});
    rewriter.replaceOp(op, result);
    return success();
  }

  RequantMode defaultMode;
};

} // namespace

LogicalResult lowering::checkAddLowerable(AddOp op, RequantMode defaultMode) {
  if (!op.isQuantized() ||
      op.getRequantModeOr(defaultMode) != RequantMode::tflite)
    return success();
  return createTflitePlans(op);
}

void lowering::populateAddToLinalgPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns,
                                           RequantMode defaultMode) {
  patterns.add<ConvertAdd>(converter, patterns.getContext(), defaultMode);
}
