//===- CEntryPoint.cpp - a plain C entry for ahead-of-time objects --------===//
//
// `_mlir_ciface_<f>` takes MLIR's memref descriptors. For users who know
// nothing of them, the object also exports
//
//   void qfold_<f>([int64_t batch,] const T *input0, ..., T *result0, ...,
//                  int num_threads);
//
// over contiguous row-major buffers: it builds the descriptors and calls
// `_mlir_ciface_<f>`. In an object compiled with parallel loop nests it runs
// them on `num_threads` OpenMP threads (0: QFOLD_NUM_THREADS, read once
// when the object is loaded, else the count it was compiled for, else
// OpenMP's default), set on the calling
// thread for the call and restored after: callers on several threads can
// use different counts.
//
//===----------------------------------------------------------------------===//

#include "qfold/Runtime/CEntryPoint.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace mlir;
using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static bool hasDynamicBatch(const FunctionSignature &signature) {
  auto dynamic = [](const TensorSignature &t) {
    return !t.shape.empty() && ShapedType::isDynamic(t.shape[0]);
  };
  return llvm::any_of(signature.inputs, dynamic) ||
         llvm::any_of(signature.results, dynamic);
}

std::string mlir::qfold::getCEntryName(const FunctionSignature &signature) {
  return "qfold_" + signature.name;
}

/// Defines the internal global that holds QFOLD_NUM_THREADS (a positive
/// integer, 0 otherwise) and the constructor that reads it at load time, so
/// that calls only read it.
static llvm::GlobalVariable *defineEnvThreadCount(llvm::Module &module) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  auto *global = new llvm::GlobalVariable(
      module, i32, /*isConstant=*/false, llvm::GlobalValue::InternalLinkage,
      llvm::ConstantInt::get(i32, 0), "qfold.env_threads");

  auto *ctor = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false),
      llvm::GlobalValue::InternalLinkage, "qfold.read_env_threads", module);
  llvm::FunctionCallee getenv = module.getOrInsertFunction(
      "getenv", llvm::FunctionType::get(ptr, {ptr}, false));
  llvm::FunctionCallee strtol = module.getOrInsertFunction(
      "strtol", llvm::FunctionType::get(i64, {ptr, ptr, i32}, false));
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", ctor);
  auto *parse = llvm::BasicBlock::Create(ctx, "parse", ctor);
  auto *store = llvm::BasicBlock::Create(ctx, "store", ctor);
  auto *done = llvm::BasicBlock::Create(ctx, "done", ctor);
  llvm::IRBuilder<> b(entry);
  llvm::Value *end = b.CreateAlloca(ptr);
  llvm::Value *name = b.CreateGlobalString("QFOLD_NUM_THREADS");
  llvm::Value *value = b.CreateCall(getenv, {name});
  b.CreateCondBr(b.CreateIsNull(value), done, parse);

  // A whole positive integer of at most 4096; anything else reads as 0.
  b.SetInsertPoint(parse);
  llvm::Value *parsed =
      b.CreateCall(strtol, {value, end, llvm::ConstantInt::get(i32, 10)});
  llvm::Value *rest = b.CreateLoad(ptr, end);
  llvm::Value *whole =
      b.CreateAnd(b.CreateICmpNE(rest, value),
                  b.CreateIsNull(b.CreateLoad(b.getInt8Ty(), rest)));
  llvm::Value *inRange =
      b.CreateAnd(b.CreateICmpSGT(parsed, llvm::ConstantInt::get(i64, 0)),
                  b.CreateICmpSLE(parsed, llvm::ConstantInt::get(i64, 4096)));
  b.CreateCondBr(b.CreateAnd(whole, inRange), store, done);

  b.SetInsertPoint(store);
  b.CreateStore(b.CreateTrunc(parsed, i32), global);
  b.CreateBr(done);

  b.SetInsertPoint(done);
  b.CreateRetVoid();
  llvm::appendToGlobalCtors(module, ctor, /*Priority=*/65535);
  return global;
}

llvm::Error mlir::qfold::addCEntryPoint(llvm::Module &module,
                                        const FunctionSignature &signature,
                                        int defaultThreads) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Function *ciface = module.getFunction("_mlir_ciface_" + signature.name);
  if (!ciface)
    return makeError("the module has no _mlir_ciface_" + signature.name);
  std::string name = getCEntryName(signature);
  if (module.getNamedValue(name))
    return makeError("the module already defines '" + name + "'");

  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  bool batchArgument = hasDynamicBatch(signature);
  size_t tensors = signature.inputs.size() + signature.results.size();
  SmallVector<llvm::Type *> params;
  if (batchArgument)
    params.push_back(i64);
  params.append(tensors, ptr);
  params.push_back(i32);
  auto *function = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), params, false),
      llvm::GlobalValue::ExternalLinkage, name, module);
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", function);
  llvm::IRBuilder<> b(entry);

  llvm::Value *batch = nullptr;
  if (batchArgument) {
    // A batch of no images computes nothing (and a negative one would make
    // negative memref sizes).
    batch = function->getArg(0);
    auto *body = llvm::BasicBlock::Create(ctx, "body", function);
    auto *empty = llvm::BasicBlock::Create(ctx, "empty", function);
    b.CreateCondBr(b.CreateICmpSGT(batch, b.getInt64(0)), body, empty);
    b.SetInsertPoint(empty);
    b.CreateRetVoid();
    b.SetInsertPoint(body);
  }
  SmallVector<llvm::Value *> descriptors;
  unsigned argument = batchArgument ? 1 : 0;
  SmallVector<const TensorSignature *> all;
  for (const TensorSignature &t : signature.inputs)
    all.push_back(&t);
  for (const TensorSignature &t : signature.results)
    all.push_back(&t);
  for (const TensorSignature *tensor : all) {
    // { allocated, aligned, offset, sizes[rank], strides[rank] }, row-major.
    size_t rank = tensor->shape.size();
    auto *array = llvm::ArrayType::get(i64, rank);
    SmallVector<llvm::Type *> fields = {ptr, ptr, i64};
    if (rank)
      fields.append({array, array});
    auto *type = llvm::StructType::get(ctx, fields);
    llvm::Value *descriptor = b.CreateAlloca(type);
    llvm::Value *data = function->getArg(argument++);
    b.CreateStore(data, b.CreateStructGEP(type, descriptor, 0));
    b.CreateStore(data, b.CreateStructGEP(type, descriptor, 1));
    b.CreateStore(b.getInt64(0), b.CreateStructGEP(type, descriptor, 2));
    int64_t stride = 1;
    for (size_t d = rank; d-- > 0;) {
      llvm::Value *size = ShapedType::isDynamic(tensor->shape[d])
                              ? batch
                              : b.getInt64(tensor->shape[d]);
      b.CreateStore(size,
                    b.CreateConstGEP2_32(
                        array, b.CreateStructGEP(type, descriptor, 3), 0, d));
      b.CreateStore(b.getInt64(stride),
                    b.CreateConstGEP2_32(
                        array, b.CreateStructGEP(type, descriptor, 4), 0, d));
      // Only dimension 0 may be dynamic; it is no other's stride factor.
      if (d > 0)
        stride *= tensor->shape[d];
    }
    descriptors.push_back(descriptor);
  }

  // Objects with parallel loop nests call OpenMP's runtime: its thread
  // count is a per-thread setting, set here for this call only.
  bool parallel = module.getFunction("__kmpc_fork_call") != nullptr;
  if (!parallel) {
    b.CreateCall(ciface, descriptors);
    b.CreateRetVoid();
    return llvm::Error::success();
  }
  llvm::FunctionCallee getMax = module.getOrInsertFunction(
      "omp_get_max_threads", llvm::FunctionType::get(i32, false));
  llvm::FunctionCallee setNum = module.getOrInsertFunction(
      "omp_set_num_threads",
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {i32}, false));
  llvm::GlobalVariable *envThreads = defineEnvThreadCount(module);
  llvm::Value *requested = function->getArg(function->arg_size() - 1);
  // The call's count, else QFOLD_NUM_THREADS, else the count the object
  // was compiled for (0: OpenMP's default).
  llvm::Value *env = b.CreateLoad(i32, envThreads);
  llvm::Value *fallback =
      b.CreateSelect(b.CreateICmpSGT(env, b.getInt32(0)), env,
                     b.getInt32(std::max(defaultThreads, 0)));
  llvm::Value *threads = b.CreateSelect(
      b.CreateICmpSGT(requested, b.getInt32(0)), requested, fallback);
  auto *set = llvm::BasicBlock::Create(ctx, "set_threads", function);
  auto *call = llvm::BasicBlock::Create(ctx, "call", function);
  auto *restore = llvm::BasicBlock::Create(ctx, "restore_threads", function);
  auto *done = llvm::BasicBlock::Create(ctx, "done", function);
  llvm::Value *setThreads = b.CreateICmpSGT(threads, b.getInt32(0));
  llvm::BasicBlock *decide = b.GetInsertBlock();
  b.CreateCondBr(setThreads, set, call);

  b.SetInsertPoint(set);
  llvm::Value *previous = b.CreateCall(getMax);
  b.CreateCall(setNum, {threads});
  b.CreateBr(call);

  b.SetInsertPoint(call);
  llvm::PHINode *saved = b.CreatePHI(i32, 2);
  saved->addIncoming(b.getInt32(0), decide);
  saved->addIncoming(previous, set);
  b.CreateCall(ciface, descriptors);
  b.CreateCondBr(setThreads, restore, done);

  b.SetInsertPoint(restore);
  b.CreateCall(setNum, {saved});
  b.CreateBr(done);

  b.SetInsertPoint(done);
  b.CreateRetVoid();
  return llvm::Error::success();
}
