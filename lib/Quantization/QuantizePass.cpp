//===- QuantizePass.cpp - the qfold-quantize pass -------------------------===//
//
// Post-training quantization of float conv2d, add and pool ops (and the
// reshapes between them) from calibrated ranges. The
// arithmetic (affine activation parameters, symmetric per-channel weights,
// bias) is in qfold/Support/QuantizedFolding.h.
//
//===----------------------------------------------------------------------===//

#include "qfold/Quantization/Calibration.h"
#include "qfold/Quantization/Passes.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Dialect/QFold/IR/QuantizedConvBuilder.h"
#include "qfold/Support/QuantizedClamp.h"
#include "qfold/Support/QuantizedFolding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_QFOLDQUANTIZE
#include "qfold/Quantization/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// True for a tensor of f32 zeros (a linalg.fill of 0.0).
bool isZeroFill(Value value) {
  auto fill = value.getDefiningOp<linalg::FillOp>();
  return fill && matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
}

struct QFoldQuantizePass : qfold::impl::QFoldQuantizeBase<QFoldQuantizePass> {
  using Base::Base;

  /// A float conv2d with constant weights whose input has a quantized form
  /// and whose output a calibrated range: symmetric per-channel i8 weights,
  /// i32 bias, the fused clamp as the output type's integer range.
  template <typename QuantizedInput, typename Activation, typename Finish>
  void quantizeConv(OpBuilder &b, Conv2DOp conv, QuantizedInput quantizedInput,
                    Activation activation,
                    llvm::DenseMap<Value, std::string> &names, Finish finish) {
    auto it = names.find(conv.getOutput());
    Type yType = it == names.end() ? Type() : activation(it->second);
    std::optional<std::vector<float>> filter =
        getConstantF32Values(conv.getFilter());
    std::optional<std::vector<float>> bias =
        conv.getBias() ? getConstantF32Values(conv.getBias())
                       : std::vector<float>{};
    if (!yType || !filter || !bias)
      return;
    Location loc = conv.getLoc();
    Value input = quantizedInput(conv.getInput(), loc);
    if (!input)
      return;

    // Weights: symmetric per output channel in [-127, 127].
    int64_t o = conv.getFilter().getType().getDimSize(0);
    size_t perChannel = filter->size() / o;
    QuantizedConvParts parts;
    parts.filterStorage = QuantStorage{8, /*isSigned=*/true, -127, 127};
    parts.channels.emplace();
    for (int64_t c = 0; c < o; ++c) {
      std::vector<double> real(filter->begin() + c * perChannel,
                               filter->begin() + (c + 1) * perChannel);
      parts.channels->push_back(quantizeSymmetric(real, parts.filterStorage.min,
                                                  parts.filterStorage.max));
    }
    if (!bias->empty())
      parts.bias.emplace(bias->begin(), bias->end());
    parts.range = {conv.getFloatClampMin(), conv.getFloatClampMax()};
    parts.resultType = conv.getOutput().getType().clone(yType);
    parts.input = input;

    // A conv that cannot be quantized (a bias too large for i32, a scale
    // outside f32) stays float; the remark says why.
    std::string why;
    FailureOr<Conv2DOp> qconv =
        buildQuantizedConv(b, loc, conv, std::move(parts), why);
    if (failed(qconv)) {
      emitRemark(loc) << "qfold-quantize left this conv2d in float: " << why;
      return;
    }
    finish(conv, qconv->getOutput());
  }

  /// A float add/sub/mul/div whose operands have quantized forms and whose
  /// output a calibrated range: the quantized op, its clamp in the output
  /// type.
  template <typename BinaryOp, typename QuantizedInput, typename Activation,
            typename Finish>
  void quantizeBinary(OpBuilder &b, BinaryOp op, QuantizedInput quantizedInput,
                      Activation activation,
                      llvm::DenseMap<Value, std::string> &names,
                      Finish finish) {
    if (op.isQuantized())
      return;
    auto it = names.find(op.getOutput());
    Type yType = it == names.end() ? Type() : activation(it->second);
    if (!yType)
      return;
    Location loc = op.getLoc();
    Value lhs = quantizedInput(op.getLhs(), loc);
    Value rhs = lhs ? quantizedInput(op.getRhs(), loc) : Value();
    if (!lhs || !rhs)
      return;
    // An op whose clamp is empty in the calibrated type stays float.
    FailureOr<BinaryOp> quantized = buildQuantizedBinary<BinaryOp>(
        b, loc, op.getType().clone(yType), lhs, rhs,
        {op.getFloatClampMin(), op.getFloatClampMax()});
    if (succeeded(quantized))
      finish(op, quantized->getOutput());
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (calibration.empty()) {
      func.emitError("qfold-quantize needs a calibration file "
                     "(calibration=FILE, written by qfold-run --calibrate)");
      return signalPassFailure();
    }
    auto table = readCalibrationTable(calibration);
    if (!table) {
      func.emitError() << llvm::toString(table.takeError());
      return signalPassFailure();
    }
    if (activationType != "u8" && activationType != "i8") {
      func.emitError() << "activation-type must be u8 or i8, got '"
                       << activationType << "'";
      return signalPassFailure();
    }
    bool isSigned = activationType == "i8";
    int64_t qmin = isSigned ? -128 : 0, qmax = isSigned ? 127 : 255;

    MLIRContext *ctx = &getContext();
    Type i8 = IntegerType::get(ctx, 8), f32 = Float32Type::get(ctx);
    auto activation = [&](const std::string &name) -> Type {
      auto it = table->find(name);
      if (it == table->end())
        return nullptr;
      AffineQuantization q =
          chooseAffineQuantization(it->second.min, it->second.max, qmin, qmax);
      return quant::UniformQuantizedType::get(
          isSigned ? quant::QuantizationFlags::Signed : 0, i8, f32, q.scale,
          q.zeroPoint, qmin, qmax);
    };

    // Map each calibration point value to its name.
    llvm::DenseMap<Value, std::string> names;
    for (auto &[name, value] : getCalibrationPoints(func))
      names[value] = name;

    // Float value -> its quantized version, so that quantized ops pass
    // quantized tensors to each other without a dequantize/quantize pair.
    llvm::DenseMap<Value, Value> quantized;
    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) {
      if (isa<Conv2DOp, AddOp, SubOp, MulOp, DivOp, MaxPool2DOp, AvgPool2DOp,
              tensor::CollapseShapeOp, tensor::ExpandShapeOp,
              tensor::ExtractSliceOp, tensor::InsertSliceOp>(op))
        ops.push_back(op);
    });
    OpBuilder b(ctx);
    // The quantized form of `value` with its own calibrated type: the
    // producer's result, else a quantize of the float value.
    auto quantizedInput = [&](Value value, Location loc) -> Value {
      if (Value q = quantized.lookup(value))
        return q;
      auto it = names.find(value);
      Type type = it == names.end() ? Type() : activation(it->second);
      if (!type)
        return nullptr;
      // One quantize per value, right after it, for all its readers.
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointAfterValue(value);
      Value q = quant::QuantizeCastOp::create(
          b, loc, cast<RankedTensorType>(value.getType()).clone(type), value);
      quantized[value] = q;
      return q;
    };
    // Float users of `op`'s result read its dequantized quantized version.
    auto finish = [&](Operation *op, Value result) {
      b.setInsertionPointAfterValue(result);
      Value real = quant::DequantizeCastOp::create(
          b, op->getLoc(), op->getResult(0).getType(), result);
      op->getResult(0).replaceAllUsesWith(real);
      quantized[real] = result;
      if (auto it = names.find(op->getResult(0)); it != names.end())
        names[real] = it->second;
      op->erase();
      ++numQuantized;
    };
    for (Operation *op : ops) {
      b.setInsertionPoint(op);
      if (auto conv = dyn_cast<Conv2DOp>(op)) {
        if (!conv.isQuantized())
          quantizeConv(b, conv, quantizedInput, activation, names, finish);
      } else if (auto add = dyn_cast<AddOp>(op)) {
        quantizeBinary(b, add, quantizedInput, activation, names, finish);
      } else if (auto sub = dyn_cast<SubOp>(op)) {
        quantizeBinary(b, sub, quantizedInput, activation, names, finish);
      } else if (auto mul = dyn_cast<MulOp>(op)) {
        quantizeBinary(b, mul, quantizedInput, activation, names, finish);
      } else if (auto div = dyn_cast<DivOp>(op)) {
        quantizeBinary(b, div, quantizedInput, activation, names, finish);
      } else if (auto pool = dyn_cast<AvgPool2DOp>(op)) {
        auto it = names.find(pool.getOutput());
        Type yType = it == names.end() ? Type() : activation(it->second);
        if (!yType || !llvm::all_equal(pool.getWindowCounts()))
          continue;
        Value input = quantizedInput(pool.getInput(), op->getLoc());
        if (!input)
          continue;
        finish(op, AvgPool2DOp::create(
                       b, op->getLoc(), pool.getType().clone(yType), input,
                       pool.getKernel(), pool.getStrides(), pool.getPads(),
                       pool.getCeilMode(), pool.getCountIncludePad(),
                       /*requant_mode=*/nullptr)
                       .getOutput());
      } else if (auto insert = dyn_cast<tensor::InsertSliceOp>(op)) {
        // A transposed conv's input spread into zeros: the stored values
        // spread into the zero point (the real 0, exactly).
        Value input = isZeroFill(insert.getDest())
                          ? quantizedInput(insert.getSource(), op->getLoc())
                          : Value();
        if (!input)
          continue;
        if (auto it = names.find(insert.getSource()); it != names.end())
          names[insert.getResult()] = it->second;
        auto element =
            cast<quant::UniformQuantizedType>(getElementTypeOrSelf(input));
        auto destType = insert.getDestType();
        Type storage = element.getStorageType();
        Value empty = tensor::EmptyOp::create(b, op->getLoc(),
                                              destType.getShape(), storage);
        Value zeroPoint = arith::ConstantOp::create(
            b, op->getLoc(),
            IntegerAttr::get(storage,
                             APInt(element.getStorageTypeIntegralWidth(),
                                   element.getZeroPoint(),
                                   /*isSigned=*/true,
                                   /*implicitTrunc=*/true)));
        Value zeros = linalg::FillOp::create(b, op->getLoc(), zeroPoint, empty)
                          .getResult(0);
        Value dest = quant::StorageCastOp::create(
            b, op->getLoc(), destType.clone(element), zeros);
        finish(op, tensor::InsertSliceOp::create(
                       b, op->getLoc(), input, dest, insert.getMixedOffsets(),
                       insert.getMixedSizes(), insert.getMixedStrides())
                       .getResult());
      } else if (Value input =
                     quantizedInput(op->getOperand(0), op->getLoc())) {
        // Max pools and reshapes move the stored values of their input's
        // per-tensor type; their result keeps the input's range.
        if (auto it = names.find(op->getOperand(0)); it != names.end())
          names[op->getResult(0)] = it->second;
        Type element = getElementTypeOrSelf(input.getType());
        auto type =
            cast<RankedTensorType>(op->getResult(0).getType()).clone(element);
        Operation *clone = b.clone(*op);
        clone->setOperand(0, input);
        clone->getResult(0).setType(type);
        finish(op, clone->getResult(0));
      }
    }
    // Casts nothing reads: dequantizes every user now bypasses, quantizes
    // made for an op that then stayed float.
    func.walk([&](Operation *op) {
      if (isa<quant::DequantizeCastOp, quant::QuantizeCastOp>(op) &&
          op->use_empty())
        op->erase();
    });
  }
};

} // namespace
