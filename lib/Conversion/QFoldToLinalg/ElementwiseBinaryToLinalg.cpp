//===- ElementwiseBinaryToLinalg.cpp - add, sub, mul, div to linalg -------===//
//
// One elementwise linalg.generic with broadcasting maps. Rank-4 operands are
// combined in NHWC between transposes, as the convolutions are lowered, so
// that the transposes between a conv and a residual add cancel.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "RequantizeEmitter.h"

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

constexpr int kTfliteAddLeftShift = 20;

/// The plans of TFLite's integer kernels. Add and Sub: each input, shifted
/// left by 20 bits, is rescaled to twice the larger input scale (`lhs`,
/// `rhs`; negated for Sub), and the sum to the output. Mul: the product of the
/// centered inputs is rescaled by lhs_scale * rhs_scale / out_scale.
struct TflitePlans {
  std::optional<RequantPlan> lhs, rhs;
  RequantPlan output;
};

template <typename OpTy> FailureOr<TflitePlans> createTflitePlans(OpTy op) {
  QuantInfo lhs = *getQuantInfo(op.getLhs().getType());
  QuantInfo rhs = *getQuantInfo(op.getRhs().getType());
  QuantInfo out = *getQuantInfo(op.getType());
  auto emitError = [&] { return op.emitOpError(); };
  if constexpr (std::is_same_v<OpTy, MulOp>) {
    FailureOr<RequantPlan> plan = RequantPlan::create(
        RequantMode::tflite, {lhs.scale() * rhs.scale() / out.scale()}, {},
        out.zeroPoint(), op.getQuantClampMin(), op.getQuantClampMax(),
        emitError);
    if (failed(plan))
      return failure();
    return TflitePlans{std::nullopt, std::nullopt, *plan};
  } else {
    static_assert(std::is_same_v<OpTy, AddOp> || std::is_same_v<OpTy, SubOp>,
                  "TFLite has integer Add, Sub and Mul");
    double twiceMax = 2.0 * std::max(lhs.scale(), rhs.scale());
    int64_t i32Min = std::numeric_limits<int32_t>::min();
    int64_t i32Max = std::numeric_limits<int32_t>::max();
    FailureOr<RequantPlan> lhsPlan =
        RequantPlan::create(RequantMode::tflite, {lhs.scale() / twiceMax}, {},
                            0, i32Min, i32Max, emitError);
    FailureOr<RequantPlan> rhsPlan =
        RequantPlan::create(RequantMode::tflite, {rhs.scale() / twiceMax}, {},
                            0, i32Min, i32Max, emitError);
    if (failed(lhsPlan) || failed(rhsPlan))
      return failure();
    // TFLite's Sub is its Add with the right input's multiplier negated.
    // SaturatingRoundingDoublingHighMul rounds ties toward +inf, so this is
    // not the negation of the rescaled operand at exact ties.
    if constexpr (std::is_same_v<OpTy, SubOp>)
      rhsPlan->fixedPoint.front().multiplier =
          -rhsPlan->fixedPoint.front().multiplier;
    FailureOr<RequantPlan> outPlan = RequantPlan::create(
        RequantMode::tflite,
        {twiceMax / (double(1 << kTfliteAddLeftShift) * out.scale())}, {},
        out.zeroPoint(), op.getQuantClampMin(), op.getQuantClampMax(),
        emitError);
    if (failed(outPlan))
      return failure();
    return TflitePlans{*lhsPlan, *rhsPlan, *outPlan};
  }
}

/// Whether `op` lowers with TFLite's integer kernel (else in f32).
template <typename OpTy>
bool usesTfliteKernel(OpTy op, RequantMode defaultMode) {
  return OpTy::hasTfliteForm() && op.isQuantized() &&
         op.getRequantModeOr(defaultMode) == RequantMode::tflite;
}

/// The op's arithmetic on two f32 values.
template <typename OpTy>
Value createFloatOp(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if constexpr (std::is_same_v<OpTy, AddOp>)
    return arith::AddFOp::create(b, loc, lhs, rhs);
  else if constexpr (std::is_same_v<OpTy, SubOp>)
    return arith::SubFOp::create(b, loc, lhs, rhs);
  else if constexpr (std::is_same_v<OpTy, MulOp>)
    return arith::MulFOp::create(b, loc, lhs, rhs);
  else
    return arith::DivFOp::create(b, loc, lhs, rhs);
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

template <typename OpTy>
struct ConvertElementwiseBinary : OpConversionPattern<OpTy> {
  ConvertElementwiseBinary(const TypeConverter &converter, MLIRContext *ctx,
                           RequantMode defaultMode, TfliteRounding rounding)
      : OpConversionPattern<OpTy>(converter, ctx), defaultMode(defaultMode),
        rounding(rounding) {}

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    int64_t rank = op.getType().getRank();
    bool nhwc = rank == 4;
    if (nhwc) {
      lhs = createTranspose(rewriter, loc, lhs, {0, 2, 3, 1});
      rhs = createTranspose(rewriter, loc, rhs, {0, 2, 3, 1});
    }
    SmallVector<int64_t> shape =
        *inferBroadcastShape(cast<RankedTensorType>(lhs.getType()).getShape(),
                             cast<RankedTensorType>(rhs.getType()).getShape());
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(rewriter.getContext(), shape);
    SmallVector<AffineMap> maps = {
        getBroadcastMap(rewriter, cast<RankedTensorType>(lhs.getType()), shape),
        getBroadcastMap(rewriter, cast<RankedTensorType>(rhs.getType()),
                        shape)};

    Type elementType = cast<ShapedType>(lhs.getType()).getElementType();
    std::function<Value(OpBuilder &, Location, ValueRange)> body;
    std::optional<TflitePlans> tflite;
    if (!op.isQuantized()) {
      double lo = op.getFloatClampMin(), hi = op.getFloatClampMax();
      body = [&, lo, hi](OpBuilder &b, Location l, ValueRange args) -> Value {
        Value v = createFloatOp<OpTy>(b, l, args[0], args[1]);
        if (!std::isinf(lo))
          v = arith::MaximumFOp::create(b, l, v,
                                        createScalar(b, l, elementType, lo));
        if (!std::isinf(hi))
          v = arith::MinimumFOp::create(b, l, v,
                                        createScalar(b, l, elementType, hi));
        return v;
      };
    } else if (usesTfliteKernel(op, defaultMode)) {
      if constexpr (OpTy::hasTfliteForm()) {
        FailureOr<TflitePlans> plans = createTflitePlans(op);
        if (failed(plans))
          return failure();
        tflite = *plans;
      }
      body = [&](OpBuilder &b, Location l, ValueRange args) -> Value {
        Type i32 = b.getI32Type();
        auto centered = [&](Value storage, Type quantized) {
          QuantInfo info = *getQuantInfo(quantized);
          return arith::SubIOp::create(
              b, l, extendToI32(b, l, storage, info.isSigned),
              createScalar(b, l, i32, double(info.zeroPoint())));
        };
        Value lhsCentered = centered(args[0], op.getLhs().getType());
        Value rhsCentered = centered(args[1], op.getRhs().getType());
        Value acc;
        if constexpr (std::is_same_v<OpTy, MulOp>) {
          // |(a - za) * (b - zb)| <= 255 * 255: exact in i32.
          acc = arith::MulIOp::create(b, l, lhsCentered, rhsCentered);
        } else {
          auto scaled = [&](Value value, const RequantPlan &plan) {
            Value shifted = arith::ShLIOp::create(
                b, l, value,
                createScalar(b, l, i32, double(kTfliteAddLeftShift)));
            return emitRequantize(b, l, shifted, plan, rounding, {});
          };
          // (A sub's right multiplier is negative: the sum is the
          // difference.)
          acc = arith::AddIOp::create(b, l, scaled(lhsCentered, *tflite->lhs),
                                      scaled(rhsCentered, *tflite->rhs));
        }
        return arith::TruncIOp::create(
            b, l, elementType,
            emitRequantize(b, l, acc, tflite->output, rounding, {}));
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
        Value real = createFloatOp<OpTy>(
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
  TfliteRounding rounding;
};

template <typename OpTy>
LogicalResult checkLowerable(OpTy op, RequantMode defaultMode) {
  if constexpr (OpTy::hasTfliteForm())
    if (usesTfliteKernel(op, defaultMode))
      return createTflitePlans(op);
  return success();
}

} // namespace

LogicalResult lowering::checkElementwiseBinaryLowerable(Operation *op,
                                                        RequantMode mode) {
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case<AddOp, SubOp, MulOp, DivOp>(
          [&](auto binary) { return checkLowerable(binary, mode); })
      .Default([](Operation *) { return success(); });
}

void lowering::populateElementwiseBinaryToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    RequantMode defaultMode, TfliteRounding rounding) {
  patterns
      .add<ConvertElementwiseBinary<AddOp>, ConvertElementwiseBinary<SubOp>,
           ConvertElementwiseBinary<MulOp>, ConvertElementwiseBinary<DivOp>>(
          converter, patterns.getContext(), defaultMode, rounding);
}
