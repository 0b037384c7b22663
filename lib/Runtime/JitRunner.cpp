//===- JitRunner.cpp - JIT-compile and call a qfold function --------------===//

#include "qfold/Runtime/JitRunner.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/Support/TargetSelect.h"

#include <deque>

using namespace mlir;
using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static std::string toString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::string TensorSignature::describe() const {
  std::string dims;
  for (size_t i = 0; i < shape.size(); ++i)
    dims += (i ? "x" : "") + (ShapedType::isDynamic(shape[i])
                                  ? std::string("?")
                                  : std::to_string(shape[i]));
  return getDTypeName(dtype).str() + " tensor " +
         (dims.empty() ? "scalar" : dims);
}

static llvm::Expected<TensorSignature>
getTensorSignature(Type type, const llvm::Twine &what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return makeError(what + " has type " + toString(type) +
                     "; only ranked tensors are supported");
  TensorSignature signature;
  Type element = tensor.getElementType();
  if (element.isF32()) {
    signature.dtype = DType::F32;
  } else if (element.isInteger(8)) {
    signature.dtype = DType::I8;
  } else if (element.isInteger(32)) {
    signature.dtype = DType::I32;
  } else if (std::optional<QuantInfo> info = getQuantInfo(element);
             info && info->storageWidth == 8) {
    signature.dtype = info->isSigned ? DType::I8 : DType::U8;
  } else if (info && info->storageWidth == 32 && info->isSigned) {
    signature.dtype = DType::I32;
  } else {
    return makeError(what + " has element type " + toString(element) +
                     "; supported: f32, i8, i32 and 8-bit !quant.uniform");
  }
  signature.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  for (size_t i = 1; i < signature.shape.size(); ++i)
    if (ShapedType::isDynamic(signature.shape[i]))
      return makeError(what + " has a dynamic dimension " + llvm::Twine(i) +
                       "; only the batch dimension (0) may be dynamic");
  return signature;
}

llvm::Expected<FunctionSignature>
mlir::qfold::getFunctionSignature(ModuleOp module, llvm::StringRef entry) {
  func::FuncOp func;
  if (entry.empty()) {
    SmallVector<func::FuncOp> candidates;
    for (auto f : module.getOps<func::FuncOp>())
      if (f.isPublic() && !f.isExternal())
        candidates.push_back(f);
    if (candidates.size() != 1) {
      std::string names;
      for (func::FuncOp f : candidates)
        names += " @" + f.getSymName().str();
      return makeError("the module has " + llvm::Twine(candidates.size()) +
                       " public functions" +
                       (names.empty() ? "" : " (" + names.substr(1) + ")") +
                       "; name the entry with --entry");
    }
    func = candidates.front();
  } else {
    func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal())
      return makeError("no function @" + entry + " with a body in the module");
  }

  FunctionSignature signature;
  signature.name = func.getSymName().str();
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    auto arg = getTensorSignature(type, "argument " + llvm::Twine(i) + " of @" +
                                            signature.name);
    if (!arg)
      return arg.takeError();
    signature.inputs.push_back(*arg);
  }
  for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
    auto result = getTensorSignature(type, "result " + llvm::Twine(i) +
                                               " of @" + signature.name);
    if (!result)
      return result.takeError();
    signature.results.push_back(*result);
  }
  return signature;
}

JitFunction::JitFunction(std::unique_ptr<ExecutionEngine> engine,
                         FunctionSignature signature)
    : engine(std::move(engine)), signature(std::move(signature)) {}

JitFunction::~JitFunction() = default;

llvm::Expected<std::unique_ptr<JitFunction>>
JitFunction::create(ModuleOp llvmModule, FunctionSignature signature) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto transformer = makeOptimizingTransformer(/*optLevel=*/3,
                                               /*sizeLevel=*/0,
                                               /*targetMachine=*/nullptr);
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(llvmModule, options);
  if (!engine)
    return engine.takeError();
  if (auto fn = (*engine)->lookupPacked(signature.name); !fn)
    return fn.takeError();
  return std::unique_ptr<JitFunction>(
      new JitFunction(std::move(*engine), std::move(signature)));
}

llvm::Error JitFunction::checkInputs(llvm::ArrayRef<HostTensor> inputs) const {
  if (inputs.size() != signature.inputs.size())
    return makeError("@" + signature.name + " takes " +
                     llvm::Twine(signature.inputs.size()) + " inputs, got " +
                     llvm::Twine(inputs.size()));
  std::optional<int64_t> batch;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const HostTensor &input = inputs[i];
    const TensorSignature &expected = signature.inputs[i];
    auto mismatch = [&](const llvm::Twine &what) {
      return makeError("input " + llvm::Twine(i) + " of @" + signature.name +
                       ": expected " + expected.describe() + ", got " +
                       getDTypeName(input.dtype) + " tensor " +
                       formatShape(input.shape) + " (" + what + ")");
    };
    if (input.dtype != expected.dtype)
      return mismatch("wrong dtype");
    if (input.shape.size() != expected.shape.size())
      return mismatch("wrong rank");
    for (size_t d = 0; d < input.shape.size(); ++d) {
      if (ShapedType::isDynamic(expected.shape[d])) {
        if (input.shape[d] < 1)
          return mismatch("empty batch");
        if (batch && *batch != input.shape[d])
          return mismatch("batch size differs from an earlier input");
        batch = input.shape[d];
      } else if (input.shape[d] != expected.shape[d]) {
        return mismatch("wrong shape");
      }
    }
  }
  return llvm::Error::success();
}

std::vector<HostTensor>
JitFunction::allocateResults(llvm::ArrayRef<HostTensor> inputs) const {
  int64_t batch = 1;
  for (auto [input, expected] : llvm::zip(inputs, signature.inputs))
    if (!expected.shape.empty() && ShapedType::isDynamic(expected.shape[0]))
      batch = input.shape[0];
  std::vector<HostTensor> results;
  for (const TensorSignature &result : signature.results) {
    std::vector<int64_t> shape = result.shape;
    if (!shape.empty() && ShapedType::isDynamic(shape[0]))
      shape[0] = batch;
    results.emplace_back(result.dtype, shape);
  }
  return results;
}

namespace {
/// The expanded fields of a memref descriptor with an identity layout, as
/// the packed calling convention passes them (one pointer per field).
struct MemRefFields {
  void *allocated;
  void *aligned;
  int64_t offset = 0;
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;

  MemRefFields(const HostTensor &tensor)
      : allocated(const_cast<uint8_t *>(tensor.bytes.data())),
        aligned(allocated), sizes(tensor.shape), strides(tensor.shape.size()) {
    int64_t stride = 1;
    for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
      strides[d] = stride;
      stride *= sizes[d];
    }
  }

  void appendTo(SmallVectorImpl<void *> &args) {
    args.push_back(&allocated);
    args.push_back(&aligned);
    args.push_back(&offset);
    for (int64_t &size : sizes)
      args.push_back(&size);
    for (int64_t &stride : strides)
      args.push_back(&stride);
  }
};
} // namespace

llvm::Error JitFunction::call(llvm::ArrayRef<HostTensor> inputs,
                              llvm::MutableArrayRef<HostTensor> results) {
  // Results are out-parameters after the inputs (buffer-results-to-out-params).
  std::deque<MemRefFields> fields;
  SmallVector<void *> args;
  for (const HostTensor &input : inputs)
    fields.emplace_back(input).appendTo(args);
  for (HostTensor &result : results)
    fields.emplace_back(result).appendTo(args);
  return engine->invokePacked(signature.name, args);
}
