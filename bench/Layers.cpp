//===- Layers.cpp - the benchmark's layers and their data -----------------===//

#include "Layers.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"

#include <random>

using namespace mlir;

namespace bench {

std::vector<LayerSpec> getLayers() {
  return {{"W1", "3x3 64->64 56x56", 64, 64, 3, 56, 1, 1},
          {"W2", "1x1 256->64 56x56", 256, 64, 1, 56, 0, 1},
          {"W3", "dw 3x3 144 56x56", 144, 144, 3, 56, 1, 144},
          {"W4", "3x3 128->128 28x28", 128, 128, 3, 28, 1, 1}};
}

LayerData makeLayerData(const LayerSpec &spec, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  LayerData d;
  float fanIn = float(spec.channels / spec.groups * spec.kernel * spec.kernel);
  for (size_t i = 0; i < spec.inputElements(); ++i)
    d.input.push_back(unit(rng));
  for (size_t i = 0; i < spec.filterElements(); ++i)
    d.filter.push_back(unit(rng) / std::sqrt(fanIn));
  for (int64_t o = 0; o < spec.outChannels; ++o)
    d.bias.push_back(0.1f * unit(rng));

  // Weights within [-63, 63]: oneDNN's non-VNNI int8 kernels multiply with
  // vpmaddubsw, whose int16 pair sums saturate for 8-bit weights.
  std::uniform_int_distribution<int> u8(0, 255), i8(-63, 63);
  for (size_t i = 0; i < spec.inputElements(); ++i)
    d.qinput.push_back(static_cast<uint8_t>(u8(rng)));
  for (size_t i = 0; i < spec.filterElements(); ++i)
    d.qfilter.push_back(static_cast<int8_t>(i8(rng)));
  d.inputScale = 0.02f;
  std::uniform_real_distribution<float> scale(0.002f, 0.01f);
  for (int64_t o = 0; o < spec.outChannels; ++o) {
    d.filterScales.push_back(scale(rng) / std::sqrt(fanIn));
    d.qbias.push_back(std::uniform_int_distribution<int>(-2000, 2000)(rng));
  }
  // The real accumulator has a standard deviation of about
  // sqrt(E[x^2] E[w^2] fanIn) * x_scale * w_scale = 5361 * 0.02 * 0.006 = 0.64;
  // 0.01 per step spreads +-4 of them over the u8 range.
  d.outputScale = 0.01f;
  for (int64_t o = 0; o < spec.outChannels; ++o) {
    d.gamma.push_back(unit(rng) * 1.5f);
    d.beta.push_back(0.2f * unit(rng));
    d.mean.push_back(0.2f * unit(rng));
    d.variance.push_back(0.05f + std::abs(unit(rng)));
  }
  return d;
}

namespace {

Value constant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
               Type element, ArrayRef<char> raw) {
  auto type = RankedTensorType::get(shape, element);
  return arith::ConstantOp::create(
      b, loc, type, DenseElementsAttr::getFromRawBuffer(type, raw));
}

template <typename T> ArrayRef<char> bytes(const std::vector<T> &v) {
  return ArrayRef<char>(reinterpret_cast<const char *>(v.data()),
                        v.size() * sizeof(T));
}

void loadDialects(MLIRContext &context) {
  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      quant::QuantDialect, qfold::QFoldDialect>();
}

} // namespace

/// qfold.batch_norm of `value` ([1, channels, H, W] f32) with `data`'s
/// statistics.
Value appendBatchNorm(OpBuilder &b, Location loc, Value value,
                      const LayerData &data, int64_t channels) {
  Type f32 = b.getF32Type();
  auto param = [&](const std::vector<float> &v) {
    return constant(b, loc, {channels}, f32, bytes(v));
  };
  return qfold::BatchNormOp::create(
      b, loc, value.getType(), value, param(data.gamma), param(data.beta),
      param(data.mean), param(data.variance), b.getF32FloatAttr(1e-5f));
}

OwningOpRef<ModuleOp> buildLayer(MLIRContext &context, const LayerSpec &spec,
                                 const LayerData &data, bool quantized,
                                 bool batchNorm) {
  loadDialects(context);
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  Type f32 = b.getF32Type(), i8 = b.getI8Type(), i32 = b.getI32Type();
  int64_t c = spec.channels, o = spec.outChannels, k = spec.kernel;
  SmallVector<int64_t> inShape = {1, c, spec.size, spec.size};
  SmallVector<int64_t> outShape = {1, o, spec.outSize(), spec.outSize()};
  SmallVector<int64_t> filterShape = {o, c / spec.groups, k, k};

  Type inElement = f32, filterElement = f32, outElement = f32;
  if (quantized) {
    inElement = quant::UniformQuantizedType::get(0, i8, f32, data.inputScale, 0,
                                                 0, 255);
    SmallVector<double> scales(data.filterScales.begin(),
                               data.filterScales.end());
    filterElement = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i8, f32, scales,
        SmallVector<int64_t>(o, 0), 0, -127, 127);
    outElement = quant::UniformQuantizedType::get(0, i8, f32, data.outputScale,
                                                  0, 0, 255);
  }
  auto inType = RankedTensorType::get(inShape, inElement);
  auto outType = RankedTensorType::get(outShape, outElement);
  auto func = func::FuncOp::create(b, loc, "layer",
                                   b.getFunctionType({inType}, {outType}));
  b.setInsertionPointToStart(func.addEntryBlock());
  Value input = func.getArgument(0);
  Value filter, bias;
  if (quantized) {
    Value raw = constant(b, loc, filterShape, i8, bytes(data.qfilter));
    filter = quant::StorageCastOp::create(
        b, loc, RankedTensorType::get(filterShape, filterElement), raw);
    bias = constant(b, loc, {o}, i32, bytes(data.qbias));
  } else {
    filter = constant(b, loc, filterShape, f32, bytes(data.filter));
    bias = constant(b, loc, {o}, f32, bytes(data.bias));
  }
  int64_t p = spec.pad;
  auto conv = qfold::Conv2DOp::create(b, loc, input, filter, bias, {1, 1},
                                      {1, 1}, {p, p, p, p}, spec.groups);
  conv.getOutput().setType(outType);
  Value value = conv.getOutput();
  if (batchNorm)
    value = appendBatchNorm(b, loc, value, data, o);
  value = qfold::ReluOp::create(b, loc, outType, value, nullptr);
  func::ReturnOp::create(b, loc, value);
  return module;
}

OwningOpRef<ModuleOp> buildChain(MLIRContext &context, int layers) {
  LayerSpec spec{"chain", "", 16, 16, 3, 16, 1, 1};
  loadDialects(context);
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto type = RankedTensorType::get({1, 16, 16, 16}, b.getF32Type());
  auto func =
      func::FuncOp::create(b, loc, "chain", b.getFunctionType({type}, {type}));
  b.setInsertionPointToStart(func.addEntryBlock());
  Value value = func.getArgument(0);
  Type f32 = b.getF32Type();
  for (int i = 0; i < layers; ++i) {
    LayerData data = makeLayerData(spec, 100 + i);
    Value filter = constant(b, loc, {16, 16, 3, 3}, f32, bytes(data.filter));
    Value bias = constant(b, loc, {16}, f32, bytes(data.bias));
    value = qfold::Conv2DOp::create(b, loc, value, filter, bias, {1, 1}, {1, 1},
                                    {1, 1, 1, 1}, 1);
    value = appendBatchNorm(b, loc, value, data, 16);
    value = qfold::ReluOp::create(b, loc, type, value, nullptr);
  }
  func::ReturnOp::create(b, loc, value);
  return module;
}

} // namespace bench
