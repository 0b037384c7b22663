//===- QuantizePass.cpp - the qfold-quantize pass -------------------------===//
//
// Post-training quantization of float conv2d ops from calibrated ranges. The
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
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Matchers.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_QFOLDQUANTIZE
#include "qfold/Quantization/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

struct QFoldQuantizePass : qfold::impl::QFoldQuantizeBase<QFoldQuantizePass> {
  using Base::Base;

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

    // Float value -> its quantized version, so consecutive convs pass
    // quantized tensors without a dequantize/quantize pair.
    llvm::DenseMap<Value, Value> quantized;
    SmallVector<Conv2DOp> convs;
    func.walk([&](Conv2DOp conv) {
      if (!conv.isQuantized())
        convs.push_back(conv);
    });
    OpBuilder b(ctx);
    for (Conv2DOp conv : convs) {
      Type xType = names.count(conv.getInput())
                       ? activation(names[conv.getInput()])
                       : nullptr;
      Type yType = activation(names[conv.getOutput()]);
      std::optional<std::vector<float>> filter =
          getConstantF32Values(conv.getFilter());
      std::optional<std::vector<float>> bias =
          conv.getBias() ? getConstantF32Values(conv.getBias())
                         : std::vector<float>{};
      if (!xType || !yType || !filter || !bias)
        continue;

      // Weights: symmetric per output channel in [-127, 127].
      auto filterType = conv.getFilter().getType();
      int64_t o = filterType.getDimSize(0);
      size_t perChannel = filter->size() / o;
      QuantizedConvParts parts;
      parts.filterStorage = QuantStorage{8, /*isSigned=*/true, -127, 127};
      parts.channels.emplace();
      for (int64_t c = 0; c < o; ++c) {
        std::vector<double> real(filter->begin() + c * perChannel,
                                 filter->begin() + (c + 1) * perChannel);
        parts.channels->push_back(quantizeSymmetric(
            real, parts.filterStorage.min, parts.filterStorage.max));
      }
      if (!bias->empty())
        parts.bias.emplace(bias->begin(), bias->end());
      // The fused float clamp becomes the output type's integer range.
      parts.range = {conv.getFloatClampMin(), conv.getFloatClampMax()};
      parts.resultType = conv.getOutput().getType().clone(yType);

      b.setInsertionPoint(conv);
      Location loc = conv.getLoc();
      // Input: the quantized producer if there is one with this type.
      Value input = quantized.lookup(conv.getInput());
      bool castInput = !input || getElementTypeOrSelf(input.getType()) != xType;
      if (castInput)
        input = quant::QuantizeCastOp::create(
            b, loc, conv.getInput().getType().clone(xType), conv.getInput());
      parts.input = input;

      // A conv that cannot be quantized (a bias too large for i32, a scale
      // outside f32) stays float; the remark says why.
      std::string why;
      FailureOr<Conv2DOp> qconv =
          buildQuantizedConv(b, loc, conv, std::move(parts), why);
      if (failed(qconv)) {
        if (castInput)
          input.getDefiningOp()->erase();
        emitRemark(loc) << "qfold-quantize left this conv2d in float: " << why;
        continue;
      }
      Value result = quant::DequantizeCastOp::create(
          b, loc, conv.getOutput().getType(), qconv->getOutput());
      conv.getOutput().replaceAllUsesWith(result);
      quantized[result] = qconv->getOutput();
      // Later convs look up their input by the float value they read.
      names[result] = names[conv.getOutput()];
      conv->erase();
      ++numQuantized;
    }
  }
};

} // namespace
