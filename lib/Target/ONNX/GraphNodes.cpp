//===- GraphNodes.cpp - Constant, Identity, Dropout -----------------------===//

#include "NodeConverters.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

LogicalResult onnx_import::convertConstant(Importer &im,
                                           const onnx::NodeProto &node) {
  const onnx::AttributeProto *attr = im.findAttr(node, "value");
  HostTensor tensor;
  if (attr && attr->has_t()) {
    auto converted = convertTensorProto(attr->t(), "the 'value' attribute");
    if (!converted)
      return im.emitUnsupported(node) << llvm::toString(converted.takeError());
    tensor = std::move(*converted);
  } else if ((attr = im.findAttr(node, "value_float")) && attr->has_f()) {
    tensor = HostTensor(DType::F32, {});
    tensor.data<float>()[0] = attr->f();
  } else if ((attr = im.findAttr(node, "value_floats"))) {
    tensor = HostTensor(DType::F32, {int64_t(attr->floats_size())});
    for (int i = 0; i < attr->floats_size(); ++i)
      tensor.data<float>()[i] = attr->floats(i);
  } else {
    return im.emitUnsupported(node)
           << "only 'value', 'value_float' and 'value_floats' constants are "
              "supported";
  }
  im.setOutput(node, 0, GraphValue{Value(), tensor.dtype, tensor});
  return success();
}

LogicalResult onnx_import::convertDropout(Importer &im,
                                          const onnx::NodeProto &node) {
  if (node.output_size() > 1 && !node.output(1).empty())
    return im.emitUnsupported(node) << "the mask output is not supported";
  if (im.getIntAttr(node, "is_test", 1) == 0 && im.opset < 7)
    return im.emitUnsupported(node)
           << "attribute 'is_test' = 0 (training) is not supported";
  // training_mode (opset >= 12) must be a constant false: inference only.
  FailureOr<GraphValue *> training = im.getInput(node, 2, /*optional=*/true);
  if (failed(training))
    return failure();
  if (*training) {
    FailureOr<const HostTensor *> mode =
        im.getConstantInput(node, 2, "training_mode");
    if (failed(mode))
      return failure();
    if ((*mode)->getNumElements() != 1 || (*mode)->getAsDouble(0) != 0.0)
      return im.emitUnsupported(node)
             << "training_mode = true is not supported (inference only)";
  }
  return convertIdentity(im, node);
}

LogicalResult onnx_import::convertIdentity(Importer &im,
                                           const onnx::NodeProto &node) {
  FailureOr<GraphValue *> x = im.getInput(node, 0);
  if (failed(x))
    return failure();
  im.setOutput(node, 0, **x);
  return success();
}
