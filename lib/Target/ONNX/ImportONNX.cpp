//===- ImportONNX.cpp - ONNX models to qfold IR ---------------------------===//
//
// The graph-level half of the importer: the model, its inputs, outputs,
// initializers and values. Nodes are converted through the table of
// NodeConverters.h.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/SourceMgr.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

Type onnx_import::getStorageElementType(MLIRContext *context, DType dtype) {
  switch (dtype) {
  case DType::F32:
    return Float32Type::get(context);
  case DType::I8:
  case DType::U8:
    return IntegerType::get(context, 8);
  case DType::I32:
    return IntegerType::get(context, 32);
  case DType::I64:
    return IntegerType::get(context, 64);
  }
  return {};
}

static std::pair<int64_t, int64_t> storageRange(DType dtype) {
  switch (dtype) {
  case DType::U8:
    return {0, 255};
  case DType::I8:
    return {-128, 127};
  default:
    return {INT32_MIN, INT32_MAX};
  }
}

Type onnx_import::getQuantType(MLIRContext *context, DType storage,
                               ArrayRef<double> scales,
                               ArrayRef<int64_t> zeroPoints,
                               std::optional<int32_t> axis) {
  unsigned flags = storage == DType::U8 ? 0 : quant::QuantizationFlags::Signed;
  Type storageType = getStorageElementType(context, storage);
  auto [lo, hi] = storageRange(storage);
  Type f32 = Float32Type::get(context);
  if (axis)
    return quant::UniformQuantizedPerAxisType::get(
        flags, storageType, f32, scales, zeroPoints, *axis, lo, hi);
  return quant::UniformQuantizedType::get(
      flags, storageType, f32, scales.front(), zeroPoints.front(), lo, hi);
}

quant::UniformQuantizedType onnx_import::getRawQuantType(MLIRContext *context,
                                                         DType dtype) {
  return cast<quant::UniformQuantizedType>(
      getQuantType(context, dtype, {1.0}, {0}, std::nullopt));
}

//===----------------------------------------------------------------------===//
// Importer
//===----------------------------------------------------------------------===//

Importer::Importer(MLIRContext *context, llvm::StringRef modelName,
                   const OnnxImportOptions &options)
    : builder(context), context(context), modelName(modelName.str()),
      options(options) {}

Location Importer::getLoc(const onnx::NodeProto &node) {
  Location file = FileLineColLoc::get(context, modelName, 0, 0);
  std::string name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = node.output(0);
  return NameLoc::get(StringAttr::get(context, name), file);
}

InFlightDiagnostic Importer::emitNodeError(const onnx::NodeProto &node) {
  std::string name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = "producing '" + node.output(0) + "'";
  else
    name = "'" + name + "'";
  return emitError(getLoc(node))
         << "node " << name << " (" << node.op_type() << "): ";
}

InFlightDiagnostic Importer::emitUnsupported(const onnx::NodeProto &node) {
  unsupported = true;
  return emitNodeError(node);
}

FailureOr<GraphValue *> Importer::getInput(const onnx::NodeProto &node,
                                           int index, bool optional) {
  if (index >= node.input_size() || node.input(index).empty()) {
    if (optional)
      return static_cast<GraphValue *>(nullptr);
    emitNodeError(node) << "missing required input " << index;
    return failure();
  }
  auto it = values.find(node.input(index));
  if (it == values.end()) {
    emitNodeError(node) << "input '" << node.input(index)
                        << "' is not produced by any earlier node, "
                           "initializer or graph input";
    return failure();
  }
  return &it->second;
}

FailureOr<const HostTensor *>
Importer::getConstantInput(const onnx::NodeProto &node, int index,
                           llvm::StringRef role) {
  FailureOr<GraphValue *> input = getInput(node, index);
  if (failed(input))
    return failure();
  if (!(*input)->constant) {
    emitNodeError(node) << role << " '" << node.input(index)
                        << "' must be a constant (an initializer, a Constant "
                           "node or a bound graph input)";
    return failure();
  }
  return &*(*input)->constant;
}

Value Importer::materialize(GraphValue &value) {
  if (value.value)
    return value.value;
  const HostTensor &tensor = *value.constant;
  auto type = RankedTensorType::get(
      tensor.shape, getStorageElementType(context, tensor.dtype));
  auto raw = ArrayRef<char>(reinterpret_cast<const char *>(tensor.bytes.data()),
                            tensor.bytes.size());
  DenseElementsAttr attr = DenseElementsAttr::getFromRawBuffer(type, raw);
  // Constants go to the top of the function so every later use dominates.
  OpBuilder::InsertionGuard guard(builder);
  Block *body = builder.getInsertionBlock();
  builder.setInsertionPointToStart(body);
  value.value =
      arith::ConstantOp::create(builder, builder.getUnknownLoc(), type, attr);
  return value.value;
}

void Importer::setOutput(const onnx::NodeProto &node, int index, Value value,
                         DType dtype) {
  if (index < node.output_size() && !node.output(index).empty())
    values[node.output(index)] = GraphValue{value, dtype, std::nullopt};
}

void Importer::setOutput(const onnx::NodeProto &node, int index,
                         const GraphValue &value) {
  if (index < node.output_size() && !node.output(index).empty())
    values[node.output(index)] = value;
}

const onnx::AttributeProto *Importer::findAttr(const onnx::NodeProto &node,
                                               llvm::StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t Importer::getIntAttr(const onnx::NodeProto &node, llvm::StringRef name,
                             int64_t defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr && attr->has_i() ? attr->i() : defaultValue;
}

float Importer::getFloatAttr(const onnx::NodeProto &node, llvm::StringRef name,
                             float defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr && attr->has_f() ? attr->f() : defaultValue;
}

std::string Importer::getStringAttr(const onnx::NodeProto &node,
                                    llvm::StringRef name,
                                    llvm::StringRef defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr && attr->has_s() ? attr->s() : defaultValue.str();
}

std::optional<std::vector<int64_t>>
Importer::getIntsAttr(const onnx::NodeProto &node, llvm::StringRef name) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return std::nullopt;
  return std::vector<int64_t>(attr->ints().begin(), attr->ints().end());
}

/// A valid symbol name for the function from the graph name.
static std::string getFunctionName(const std::string &graphName) {
  std::string name;
  for (char c : graphName)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    name = "main_" + name;
  return name;
}

/// The function-boundary type of a graph input or output.
static FailureOr<RankedTensorType>
getBoundaryType(MLIRContext *context, const onnx::ValueInfoProto &info,
                function_ref<InFlightDiagnostic()> emitError) {
  if (!info.type().has_tensor_type())
    return emitError() << "'" << info.name() << "' is not a tensor";
  const onnx::TypeProto::Tensor &tensor = info.type().tensor_type();
  std::optional<DType> dtype = getDType(tensor.elem_type());
  if (!dtype)
    return emitError() << "'" << info.name() << "' has element type "
                       << getDataTypeName(tensor.elem_type())
                       << "; supported: FLOAT, UINT8, INT8, INT32, INT64";
  if (!tensor.has_shape())
    return emitError() << "'" << info.name() << "' has no shape";
  SmallVector<int64_t> shape;
  for (auto [i, dim] : llvm::enumerate(tensor.shape().dim())) {
    if (dim.has_dim_value() && dim.dim_value() >= 0) {
      shape.push_back(dim.dim_value());
    } else if (i == 0) {
      shape.push_back(ShapedType::kDynamic); // symbolic batch
    } else {
      return emitError() << "'" << info.name() << "' has a symbolic dimension "
                         << i << "; only the batch dimension may be symbolic";
    }
  }
  Type element = (*dtype == DType::U8 || *dtype == DType::I8)
                     ? Type(getRawQuantType(context, *dtype))
                     : getStorageElementType(context, *dtype);
  return RankedTensorType::get(shape, element);
}

LogicalResult Importer::importGraph(const onnx::GraphProto &graph) {
  auto fileError = [&] {
    return emitError(FileLineColLoc::get(context, modelName, 0, 0));
  };
  auto unsupportedError = [&] {
    unsupported = true;
    return fileError();
  };

  for (const onnx::TensorProto &init : graph.initializer()) {
    auto tensor = convertTensorProto(init, "initializer '" + init.name() + "'");
    if (!tensor)
      return unsupportedError() << llvm::toString(tensor.takeError());
    values[init.name()] = GraphValue{Value(), tensor->dtype, *tensor};
  }

  // Graph inputs that are neither initializers nor bound become arguments.
  SmallVector<const onnx::ValueInfoProto *> arguments;
  SmallVector<Type> argumentTypes;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (values.count(input.name()))
      continue;
    auto bound = options.boundInputs.find(input.name());
    if (bound != options.boundInputs.end()) {
      values[input.name()] =
          GraphValue{Value(), bound->second.dtype, bound->second};
      continue;
    }
    FailureOr<RankedTensorType> type = getBoundaryType(
        context, input, [&] { return unsupportedError() << "graph input "; });
    if (failed(type))
      return failure();
    arguments.push_back(&input);
    argumentTypes.push_back(*type);
  }

  // Outputs are typed after the body is built.
  auto func = func::FuncOp::create(
      builder, FileLineColLoc::get(context, modelName, 0, 0),
      getFunctionName(graph.name()),
      FunctionType::get(context, argumentTypes, {}));
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToStart(body);
  for (auto [info, arg] : llvm::zip(arguments, body->getArguments())) {
    auto type = cast<RankedTensorType>(arg.getType());
    Value value = arg;
    DType dtype = DType::F32;
    if (auto raw =
            dyn_cast<quant::UniformQuantizedType>(type.getElementType())) {
      dtype = raw.isSigned() ? DType::I8 : DType::U8;
      value = quant::StorageCastOp::create(
          builder, arg.getLoc(), type.clone(raw.getStorageType()), arg);
    } else if (type.getElementType().isInteger(32)) {
      dtype = DType::I32;
    } else if (type.getElementType().isInteger(64)) {
      dtype = DType::I64;
    }
    values[info->name()] = GraphValue{value, dtype, std::nullopt};
  }

  for (const onnx::NodeProto &node : graph.node()) {
    if (!node.domain().empty() && node.domain() != "ai.onnx") {
      emitUnsupported(node)
          << "operators of domain '" << node.domain() << "' are not supported";
      return failure();
    }
    Operation *previous =
        body->empty() ? nullptr : &body->getOperations().back();
    if (failed(convertNode(*this, node)))
      return failure();
    // Verify what the node became right away, so that an inconsistent node
    // (shapes, types, statistics) is reported with its name and op type.
    ScopedDiagnosticHandler nodeNote(context, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        diag.attachNote() << "while importing node '" << node.name() << "' ("
                          << node.op_type() << ")";
      return failure(); // keep propagating to the caller's handler
    });
    Operation *first = previous        ? previous->getNextNode()
                       : body->empty() ? nullptr
                                       : &body->front();
    for (Operation *op = first; op; op = op->getNextNode())
      if (failed(verify(op)))
        return failure();
  }

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto it = values.find(output.name());
    if (it == values.end())
      return fileError() << "graph output '" << output.name()
                         << "' is not produced by any node";
    Value value = materialize(it->second);
    auto type = cast<RankedTensorType>(value.getType());
    if (it->second.dtype == DType::U8 || it->second.dtype == DType::I8) {
      type = type.clone(getRawQuantType(context, it->second.dtype));
      value = quant::StorageCastOp::create(builder, func.getLoc(), type, value);
    }
    // A declared static shape must agree with the computed one.
    if (output.type().has_tensor_type() &&
        output.type().tensor_type().has_shape()) {
      const auto &dims = output.type().tensor_type().shape().dim();
      bool rankMatches = dims.size() == type.getRank();
      for (int i = 0; rankMatches && i < dims.size(); ++i)
        if (dims[i].has_dim_value() && !type.isDynamicDim(i) &&
            dims[i].dim_value() != type.getDimSize(i))
          rankMatches = false;
      if (!rankMatches)
        return fileError() << "graph output '" << output.name()
                           << "' is declared with another shape than the "
                              "computed "
                           << type;
    }
    results.push_back(value);
    resultTypes.push_back(type);
  }
  func::ReturnOp::create(builder, func.getLoc(), results);
  func.setFunctionType(FunctionType::get(context, argumentTypes, resultTypes));
  return success();
}

OwningOpRef<ModuleOp> Importer::import(const onnx::ModelProto &model) {
  for (const onnx::OperatorSetIdProto &set : model.opset_import())
    if (set.domain().empty() || set.domain() == "ai.onnx")
      opset = set.version();
  OwningOpRef<ModuleOp> module =
      ModuleOp::create(FileLineColLoc::get(context, modelName, 0, 0));
  builder.setInsertionPointToEnd(module->getBody());
  if (failed(importGraph(model.graph())))
    return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

static bool parseModel(llvm::StringRef bytes, onnx::ModelProto &model) {
  return !bytes.empty() && bytes.size() <= size_t(INT32_MAX) &&
         model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
         model.has_graph();
}

static std::string describeUnparsable(llvm::StringRef bytes,
                                      llvm::StringRef modelName) {
  if (bytes.empty())
    return (modelName + ": the file is empty, not an ONNX model").str();
  return (modelName + ": not a valid ONNX model (the protobuf cannot be "
                      "parsed: a truncated, corrupt or non-ONNX file)")
      .str();
}

llvm::Expected<OnnxModelInfo>
mlir::qfold::inspectOnnxModel(llvm::StringRef bytes,
                              llvm::StringRef modelName) {
  onnx::ModelProto model;
  if (!parseModel(bytes, model))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   describeUnparsable(bytes, modelName));
  const onnx::GraphProto &graph = model.graph();
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &init : graph.initializer())
    initializers.insert(init.name());
  OnnxModelInfo info;
  llvm::StringSet<> parameters;
  for (const onnx::NodeProto &node : graph.node())
    for (int i = 0; i < node.input_size(); ++i)
      if (isParameterInput(node.op_type(), i))
        parameters.insert(node.input(i));
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (initializers.contains(input.name()))
      continue;
    info.inputs.push_back(input.name());
    if (parameters.contains(input.name()))
      info.parameterInputs.push_back(input.name());
  }
  return info;
}

OwningOpRef<ModuleOp> mlir::qfold::importOnnxModel(
    llvm::StringRef bytes, llvm::StringRef modelName, MLIRContext *context,
    const OnnxImportOptions &options, bool *unsupported) {
  if (unsupported)
    *unsupported = false;
  context
      ->loadDialect<arith::ArithDialect, func::FuncDialect, quant::QuantDialect,
                    QFoldDialect, tensor::TensorDialect>();
  onnx::ModelProto model;
  if (!parseModel(bytes, model)) {
    emitError(FileLineColLoc::get(context, modelName, 0, 0))
        << describeUnparsable(bytes, modelName);
    return nullptr;
  }
  Importer importer(context, modelName, options);
  OwningOpRef<ModuleOp> module = importer.import(model);
  if (!module && unsupported)
    *unsupported = importer.sawUnsupported();
  return module;
}

OwningOpRef<ModuleOp> mlir::qfold::importOnnxModelWithInputs(
    llvm::StringRef bytes, llvm::StringRef modelName, MLIRContext *context,
    llvm::ArrayRef<HostTensor> graphInputs, std::vector<HostTensor> &arguments,
    bool *unsupported) {
  if (unsupported)
    *unsupported = false;
  Location loc = FileLineColLoc::get(context, modelName, 0, 0);
  llvm::Expected<OnnxModelInfo> info = inspectOnnxModel(bytes, modelName);
  if (!info) {
    emitError(loc) << llvm::toString(info.takeError());
    return nullptr;
  }
  if (graphInputs.size() != info->inputs.size()) {
    std::string names;
    for (const std::string &name : info->inputs)
      names += (names.empty() ? "" : ", ") + name;
    emitError(loc) << "the model has " << info->inputs.size()
                   << " graph inputs (" << names << "), got "
                   << graphInputs.size() << " tensors";
    return nullptr;
  }
  OnnxImportOptions options;
  arguments.clear();
  for (auto [name, tensor] : llvm::zip(info->inputs, graphInputs)) {
    if (llvm::is_contained(info->parameterInputs, name))
      options.boundInputs[name] = tensor;
    else
      arguments.push_back(tensor);
  }
  return importOnnxModel(bytes, modelName, context, options, unsupported);
}

void mlir::qfold::registerOnnxImportTranslation() {
  TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model into qfold IR",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        llvm::StringRef name = buffer->getBufferIdentifier();
        if (name.empty() || name == "-")
          name = "<stdin>";
        OwningOpRef<ModuleOp> module =
            importOnnxModel(buffer->getBuffer(), name, context);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) {
        registry
            .insert<arith::ArithDialect, func::FuncDialect, quant::QuantDialect,
                    QFoldDialect, tensor::TensorDialect>();
      });
}
