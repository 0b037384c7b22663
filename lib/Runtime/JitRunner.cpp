//===- JitRunner.cpp - JIT-compile and call a qfold function --------------===//

#include "qfold/Runtime/JitRunner.h"
#include "qfold/Runtime/TargetMachine.h"
#include "qfold/Runtime/Threads.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/ADT/StringExtras.h"

#include <cstdlib>

#include <deque>

using namespace mlir;
using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

JitFunction::JitFunction(std::unique_ptr<ExecutionEngine> engine,
                         PackedFunction packed, FunctionSignature signature)
    : engine(std::move(engine)), packed(packed),
      signature(std::move(signature)), numThreads(getEnvThreadCount()) {}

JitFunction::~JitFunction() = default;

llvm::Expected<std::unique_ptr<JitFunction>>
JitFunction::create(ModuleOp llvmModule, FunctionSignature signature,
                    const JitOptions &jit) {
  llvm::StringRef cpu = jit.cpu;
  // First: an unknown name is an error here.
  auto machine = createTargetMachine(cpu, CodeUse::jit);
  if (!machine)
    return machine.takeError();
  std::vector<std::string> missing = getFeaturesMissingOnHost(cpu);
  if (!missing.empty())
    return makeError("code for '" + cpu +
                     "' cannot run on this machine, which lacks " +
                     llvm::join(missing, ", ") +
                     " (qfold-aot --target-cpu compiles for it)");
  // The same optimization and code generation as an object file for `cpu`
  // gets (qfold-aot): LLVM's passes see the target's costs.
  auto transformer = makeOptimizingTransformer(/*optLevel=*/3,
                                               /*sizeLevel=*/0, machine->get());
  ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  options.enableObjectDump = jit.keepObject;
  // QFOLD_JIT_PERF=1: tell perf about the JIT'd functions (a jitdump for
  // `perf record -k 1` + `perf inject --jit`), to profile compiled networks.
  options.enablePerfNotificationListener = std::getenv("QFOLD_JIT_PERF");
  auto engine =
      ExecutionEngine::create(llvmModule, options, std::move(*machine));
  if (!engine)
    return engine.takeError();
  auto packed = (*engine)->lookupPacked(signature.name);
  if (!packed)
    return packed.takeError();
  return std::unique_ptr<JitFunction>(
      new JitFunction(std::move(*engine), *packed, std::move(signature)));
}

void JitFunction::dumpObject(llvm::StringRef path) const {
  engine->dumpToObjectFile(path);
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
                              llvm::MutableArrayRef<HostTensor> results) const {
  // Results are out-parameters after the inputs (buffer-results-to-out-params).
  std::deque<MemRefFields> fields;
  SmallVector<void *> args;
  for (const HostTensor &input : inputs)
    fields.emplace_back(input).appendTo(args);
  for (HostTensor &result : results)
    fields.emplace_back(result).appendTo(args);
  // Looked up once at creation: a call reads nothing shared but the code.
  ScopedThreadCount threads(numThreads);
  packed(args.data());
  return llvm::Error::success();
}
