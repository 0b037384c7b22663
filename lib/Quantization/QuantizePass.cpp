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
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
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
      auto x = *getQuantInfo(xType), y = *getQuantInfo(yType);

      // Weights: symmetric per output channel in [-127, 127].
      auto filterType = conv.getFilter().getType();
      int64_t o = filterType.getDimSize(0);
      size_t perChannel = filter->size() / o;
      const QuantStorage weightStorage{8, /*isSigned=*/true, -127, 127};
      std::vector<QuantizedChannel> channels;
      for (int64_t c = 0; c < o; ++c) {
        std::vector<double> real(filter->begin() + c * perChannel,
                                 filter->begin() + (c + 1) * perChannel);
        channels.push_back(
            quantizeSymmetric(real, weightStorage.min, weightStorage.max));
      }
      // Bias: i32 at input_scale * weight_scale[o]; a bias too large for
      // i32 leaves the conv float.
      SmallVector<int32_t> biasValues;
      bool biasFits = true;
      for (size_t c = 0; c < bias->size(); ++c) {
        std::optional<int32_t> v =
            quantizeBias((*bias)[c], x.scale() * channels[c].scale);
        biasFits &= v.has_value();
        biasValues.push_back(v.value_or(0));
      }
      if (!biasFits)
        continue;

      b.setInsertionPoint(conv);
      Location loc = conv.getLoc();

      // Input: the quantized producer if there is one with this type.
      Value input = quantized.lookup(conv.getInput());
      if (!input || getElementTypeOrSelf(input.getType()) != xType)
        input = quant::QuantizeCastOp::create(
            b, loc, conv.getInput().getType().clone(xType), conv.getInput());

      Value qFilter = createPerChannelFilter(b, loc, filterType.getShape(),
                                             weightStorage, channels);

      Value qBias;
      if (!biasValues.empty())
        qBias = arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(RankedTensorType::get({o}, b.getI32Type()),
                                   ArrayRef(biasValues)));

      // The fused float clamp becomes the output type's integer range.
      IntRange range =
          quantizeRange({conv.getFloatClampMin(), conv.getFloatClampMax()},
                        y.scale(), y.zeroPoint(), y.storageMin, y.storageMax);
      auto bound = [&](int64_t v, int64_t limit) -> IntegerAttr {
        return v == limit ? nullptr : b.getI64IntegerAttr(v);
      };
      auto qconv = Conv2DOp::create(
          b, loc, conv.getOutput().getType().clone(yType), input, qFilter,
          qBias, conv.getStridesAttr(), conv.getDilationsAttr(),
          conv.getPadsAttr(), conv.getGroupsAttr(),
          bound(range.lo, y.storageMin), bound(range.hi, y.storageMax),
          /*requant_mode=*/nullptr);
      Value result = quant::DequantizeCastOp::create(
          b, loc, conv.getOutput().getType(), qconv.getOutput());
      conv.getOutput().replaceAllUsesWith(result);
      quantized[result] = qconv.getOutput();
      // Later convs look up their input by the float value they read.
      names[result] = names[conv.getOutput()];
      conv->erase();
      ++numQuantized;
    }
  }
};

} // namespace
