//===- QuantCastsToLinalg.cpp - quant.qcast/dcast/scast to linalg ---------===//
//
// Quantize and dequantize at function boundaries with ONNX's semantics:
// round half to even and saturate (upstream --lower-quant-ops truncates and
// does not saturate). Per-axis types read their scales and zero points along
// the quantized dimension.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "Patterns.h"
#include "RequantizeEmitter.h"

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

/// Runs `body(element, scale, zeroPoint)` over `input`, with scale (f32) and
/// zero point (i32) constants per tensor or read along the quantized axis.
Value mapWithQuantParams(
    OpBuilder &b, Location loc, Value input, const QuantInfo &info,
    Type elementType,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  if (!info.isPerAxis()) {
    int64_t rank = cast<ShapedType>(input.getType()).getRank();
    return createParallelGeneric(
        b, loc, getSizes(b, loc, input), elementType, input,
        b.getMultiDimIdentityMap(rank),
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          return body(
              nb, nl, args[0],
              createScalar(nb, nl, nb.getF32Type(), info.scale()),
              createScalar(nb, nl, nb.getI32Type(), double(info.zeroPoint())));
        });
  }
  SmallVector<float> scales(info.scales.begin(), info.scales.end());
  SmallVector<int32_t> zeroPoints(info.zeroPoints.begin(),
                                  info.zeroPoints.end());
  return createChannelwise(
      b, loc, input,
      ValueRange{createConstantVector(b, loc, ArrayRef(scales)),
                 createConstantVector(b, loc, ArrayRef(zeroPoints))},
      *info.axis, elementType,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        return body(nb, nl, args[0], args[1], args[2]);
      });
}

/// Per-axis casts need as many scales as the quantized dimension has
/// elements; the quant dialect does not check that against the tensor.
LogicalResult checkAxis(Operation *op, Type quantizedTensor,
                        const QuantInfo &info) {
  if (!info.isPerAxis())
    return success();
  auto type = cast<RankedTensorType>(quantizedTensor);
  if (*info.axis >= type.getRank() ||
      type.getDimSize(*info.axis) != static_cast<int64_t>(info.scales.size()))
    return op->emitOpError("per-axis quantization along dimension ")
           << *info.axis << " with " << info.scales.size()
           << " scales does not fit " << type;
  return success();
}

struct ConvertQuantize : OpConversionPattern<quant::QuantizeCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(quant::QuantizeCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    std::optional<QuantInfo> info = getQuantInfo(op.getType());
    if (!resultType || !info)
      return rewriter.notifyMatchFailure(op, "not a ranked quantized tensor");
    if (failed(checkAxis(op, resultType, *info)))
      return failure();
    Type storage = info->type.getStorageType();
    Value result = mapWithQuantParams(
        rewriter, op.getLoc(), adaptor.getInput(), *info, storage,
        [&](OpBuilder &b, Location l, Value x, Value scale, Value zp) -> Value {
          Value q = emitQuantize(b, l, x, scale, zp, info->storageMin,
                                 info->storageMax);
          return storage.isInteger(32)
                     ? q
                     : Value(arith::TruncIOp::create(b, l, storage, q));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertDequantize : OpConversionPattern<quant::DequantizeCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(quant::DequantizeCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto inputType = dyn_cast<RankedTensorType>(op.getInput().getType());
    std::optional<QuantInfo> info = getQuantInfo(op.getInput().getType());
    if (!inputType || !info)
      return rewriter.notifyMatchFailure(op, "not a ranked quantized tensor");
    if (failed(checkAxis(op, inputType, *info)))
      return failure();
    Value result = mapWithQuantParams(
        rewriter, op.getLoc(), adaptor.getInput(), *info, rewriter.getF32Type(),
        [&](OpBuilder &b, Location l, Value q, Value scale, Value zp) {
          return emitDequantize(b, l, q, info->isSigned, zp, scale);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A storage cast is the identity once quantized types are their storage.
struct ConvertStorageCast : OpConversionPattern<quant::StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type converted = getTypeConverter()->convertType(op.getType());
    if (!converted || converted != adaptor.getInput().getType())
      return rewriter.notifyMatchFailure(op, "storage types differ");
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

} // namespace

void lowering::populateQuantCastsToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConvertQuantize, ConvertDequantize, ConvertStorageCast>(
      converter, patterns.getContext());
}
