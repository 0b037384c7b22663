//===- OnnxImporter.h - state of one ONNX import ---------------*- C++ -*-===//

#ifndef QFOLD_LIB_TARGET_ONNX_ONNXIMPORTER_H
#define QFOLD_LIB_TARGET_ONNX_ONNXIMPORTER_H

#include "TensorProtoConversion.h"

#include "qfold/Target/ONNX/ImportONNX.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

namespace mlir::qfold::onnx_import {

/// A tensor of the ONNX graph. Integer tensors live as signless storage
/// tensors (i8 for UINT8 and INT8, i32 for INT32); `dtype` keeps their
/// meaning. Constants keep their contents, materialized on first use.
struct GraphValue {
  Value value;
  DType dtype = DType::F32;
  std::optional<HostTensor> constant;
};

class Importer {
public:
  Importer(MLIRContext *context, llvm::StringRef modelName,
           const OnnxImportOptions &options);

  OwningOpRef<ModuleOp> import(const onnx::ModelProto &model);

  //===--------------------------------------------------------------------===//
  // For the node converters
  //===--------------------------------------------------------------------===//

  OpBuilder builder;
  int64_t opset = 1;

  Location getLoc(const onnx::NodeProto &node);
  /// An error naming the node and its op type (the location names the
  /// model file).
  InFlightDiagnostic emitNodeError(const onnx::NodeProto &node);
  /// The same for a valid model using something qfold does not support.
  InFlightDiagnostic emitUnsupported(const onnx::NodeProto &node);
  bool sawUnsupported() const { return unsupported; }

  /// Input `index` of `node`; null when it is optional and absent (past the
  /// end or named ""), failure (diagnosed) when required and absent or
  /// unknown.
  FailureOr<GraphValue *> getInput(const onnx::NodeProto &node, int index,
                                   bool optional = false);
  /// Input `index` as a constant (initializer, Constant, or bound input).
  FailureOr<const HostTensor *> getConstantInput(const onnx::NodeProto &node,
                                                 int index,
                                                 llvm::StringRef role);
  /// The SSA value of a graph value, creating its constant when needed.
  Value materialize(GraphValue &value);
  /// Defines output `index` of `node`.
  void setOutput(const onnx::NodeProto &node, int index, Value value,
                 DType dtype);
  void setOutput(const onnx::NodeProto &node, int index,
                 const GraphValue &value);

  const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                       llvm::StringRef name);
  int64_t getIntAttr(const onnx::NodeProto &node, llvm::StringRef name,
                     int64_t defaultValue);
  float getFloatAttr(const onnx::NodeProto &node, llvm::StringRef name,
                     float defaultValue);
  std::string getStringAttr(const onnx::NodeProto &node, llvm::StringRef name,
                            llvm::StringRef defaultValue);
  std::optional<std::vector<int64_t>> getIntsAttr(const onnx::NodeProto &node,
                                                  llvm::StringRef name);

  llvm::StringRef getModelName() const { return modelName; }

private:
  LogicalResult importGraph(const onnx::GraphProto &graph);

  MLIRContext *context;
  std::string modelName;
  const OnnxImportOptions &options;
  llvm::StringMap<GraphValue> values;
  bool unsupported = false;
};

/// Converts one node through the table of NodeConverters.h.
LogicalResult convertNode(Importer &importer, const onnx::NodeProto &node);

/// True when input `index` of a node of `opType` must be a compile-time
/// constant (quantization parameters, Clip bounds in opset >= 11).
bool isParameterInput(llvm::StringRef opType, int index);

/// `!quant.uniform<u8:f32, 1.0>` / `<i8:f32, 1.0>`: a UINT8/INT8 tensor at a
/// function boundary, whose stored integers are their own values.
quant::UniformQuantizedType getRawQuantType(MLIRContext *context, DType dtype);

/// A per-tensor or per-axis quantized type over 8- or 32-bit storage.
Type getQuantType(MLIRContext *context, DType storage,
                  llvm::ArrayRef<double> scales,
                  llvm::ArrayRef<int64_t> zeroPoints,
                  std::optional<int32_t> axis);

/// The MLIR tensor element type of a graph value of `dtype` (storage).
Type getStorageElementType(MLIRContext *context, DType dtype);

} // namespace mlir::qfold::onnx_import

#endif // QFOLD_LIB_TARGET_ONNX_ONNXIMPORTER_H
