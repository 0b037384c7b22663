//===- FunctionSignature.cpp - a qfold function's tensor signature --------===//

#include "qfold/Runtime/FunctionSignature.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

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
  } else if (element.isInteger(64)) {
    signature.dtype = DType::I64;
  } else if (std::optional<QuantInfo> info = getQuantInfo(element);
             info && info->storageWidth == 8) {
    signature.dtype = info->isSigned ? DType::I8 : DType::U8;
  } else if (info && info->storageWidth == 32 && info->isSigned) {
    signature.dtype = DType::I32;
  } else {
    return makeError(what + " has element type " + toString(element) +
                     "; supported: f32, i8, i32, i64 and 8-bit !quant.uniform");
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
