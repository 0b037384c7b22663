//===- NodeConverters.cpp - the table of supported ONNX operators ---------===//

#include "NodeConverters.h"

#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

namespace {
constexpr int kQLinearConvParams[] = {1, 2, 4, 5, 6, 7};
constexpr int kConvIntegerParams[] = {2, 3};
constexpr int kScaleAndZeroPoint[] = {1, 2};
constexpr int kClipBounds[] = {1, 2};
constexpr int kDropoutParams[] = {1, 2};
constexpr int kReshapeShape[] = {1};
constexpr int kCastInput[] = {0};
} // namespace

const NodeConverter *onnx_import::lookupNodeConverter(llvm::StringRef opType) {
  static const llvm::StringMap<NodeConverter> table = {
      {"Add", {convertAdd, {}}},
      {"AveragePool", {convertAveragePool, {}}},
      {"BatchNormalization", {convertBatchNorm, {}}},
      {"Cast", {convertCast, kCastInput}},
      {"Clip", {convertClip, kClipBounds}},
      {"Concat", {convertConcat, {}}},
      {"Constant", {convertConstant, {}}},
      {"Conv", {convertConv, {}}},
      {"Div", {convertDiv, {}}},
      {"ConvInteger", {convertConvInteger, kConvIntegerParams}},
      {"ConvTranspose", {convertConvTranspose, {}}},
      {"DequantizeLinear", {convertDequantizeLinear, kScaleAndZeroPoint}},
      {"Dropout", {convertDropout, kDropoutParams}},
      {"Flatten", {convertFlatten, {}}},
      {"Gemm", {convertGemm, {}}},
      {"GlobalAveragePool", {convertGlobalAveragePool, {}}},
      {"Identity", {convertIdentity, {}}},
      {"MatMul", {convertMatMul, {}}},
      {"MaxPool", {convertMaxPool, {}}},
      {"Mul", {convertMul, {}}},
      {"QLinearConv", {convertQLinearConv, kQLinearConvParams}},
      {"QuantizeLinear", {convertQuantizeLinear, kScaleAndZeroPoint}},
      {"Relu", {convertRelu, {}}},
      {"Reshape", {convertReshape, kReshapeShape}},
      {"Softmax", {convertSoftmax, {}}},
      {"Sub", {convertSub, {}}},
  };
  auto it = table.find(opType);
  return it == table.end() ? nullptr : &it->second;
}

LogicalResult onnx_import::convertNode(Importer &im,
                                       const onnx::NodeProto &node) {
  if (const NodeConverter *converter = lookupNodeConverter(node.op_type()))
    return converter->convert(im, node);
  return im.emitUnsupported(node) << "unsupported ONNX operator";
}

bool onnx_import::isParameterInput(llvm::StringRef opType, int index) {
  const NodeConverter *converter = lookupNodeConverter(opType);
  return converter && llvm::is_contained(converter->parameterInputs, index);
}
