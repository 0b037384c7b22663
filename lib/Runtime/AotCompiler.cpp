//===- AotCompiler.cpp - object files and C headers -----------------------===//

#include "qfold/Runtime/AotCompiler.h"
#include "qfold/Runtime/CEntryPoint.h"
#include "qfold/Runtime/TargetMachine.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Instrumentation/ThreadSanitizer.h"
#include "llvm/Transforms/Scalar/ScalarizeMaskedMemIntrin.h"
#include "llvm/Transforms/Scalar/Scalarizer.h"

#include <set>

using namespace mlir;
using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Runs `passes` on `module` with the analyses of `machine`'s target.
static void runPasses(llvm::Module &module, llvm::TargetMachine *machine,
                      llvm::ModulePassManager &passes) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(cgscc);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, cgscc, modules);
  passes.run(module, modules);
}

/// Masked vector loads and stores (and gathers, scatters) in `module`.
static unsigned countMaskedAccesses(llvm::Module &module) {
  unsigned masked = 0;
  for (llvm::Function &function : module)
    for (llvm::Instruction &inst : llvm::instructions(function))
      if (auto *call = llvm::dyn_cast<llvm::IntrinsicInst>(&inst))
        switch (call->getIntrinsicID()) {
        case llvm::Intrinsic::masked_load:
        case llvm::Intrinsic::masked_store:
        case llvm::Intrinsic::masked_gather:
        case llvm::Intrinsic::masked_scatter:
        case llvm::Intrinsic::masked_expandload:
        case llvm::Intrinsic::masked_compressstore:
          ++masked;
          break;
        default:
          break;
        }
  return masked;
}

/// ThreadSanitizer's instrumentation of every function defined in `module`
/// (after optimization, where clang runs it too). TSan checks plain loads
/// and stores of up to 16 bytes; it skips wider ones and masked ones, and
/// the optimized code has both (64 masked accesses in the bundled example
/// on AVX-512). So first every masked access becomes scalar accesses under
/// branches (the expansion for a target without masked instructions:
/// plain x86-64's), and every vector access 16-byte pieces. The object is
/// for finding races, not for speed.
static llvm::Error instrumentForThreadSanitizer(llvm::Module &module,
                                                llvm::TargetMachine *machine) {
  auto generic = createTargetMachine("x86-64");
  if (!generic)
    return generic.takeError();
  llvm::ModulePassManager split;
  llvm::FunctionPassManager pieces;
  pieces.addPass(llvm::ScalarizeMaskedMemIntrinPass());
  llvm::ScalarizerPassOptions sixteenBytes;
  sixteenBytes.ScalarizeLoadStore = true;
  sixteenBytes.ScalarizeMinBits = 128;
  pieces.addPass(llvm::ScalarizerPass(sixteenBytes));
  split.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(pieces)));
  runPasses(module, generic->get(), split);
  if (unsigned masked = countMaskedAccesses(module))
    return makeError(llvm::Twine(masked) +
                     " masked vector memory accesses are left, which "
                     "ThreadSanitizer would not check");

  for (llvm::Function &function : module)
    if (!function.isDeclaration())
      function.addFnAttr(llvm::Attribute::SanitizeThread);
  llvm::ModulePassManager instrument;
  instrument.addPass(llvm::ModuleThreadSanitizerPass());
  instrument.addPass(
      llvm::createModuleToFunctionPassAdaptor(llvm::ThreadSanitizerPass()));
  runPasses(module, machine, instrument);
  return llvm::Error::success();
}

llvm::Error mlir::qfold::emitObjectFile(ModuleOp llvmModule,
                                        llvm::StringRef path,
                                        llvm::StringRef cpu) {
  ObjectFileOptions options;
  options.cpu = cpu.str();
  return emitObjectFile(llvmModule, path, options);
}

llvm::Error mlir::qfold::emitObjectFile(ModuleOp llvmModule,
                                        llvm::StringRef path,
                                        const ObjectFileOptions &options) {
  auto machine = createTargetMachine(options.cpu);
  if (!machine)
    return machine.takeError();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module =
      translateModuleToLLVMIR(llvmModule, context);
  if (!module)
    return makeError("cannot translate the module to LLVM IR");
  module->setTargetTriple((*machine)->getTargetTriple());
  module->setDataLayout((*machine)->createDataLayout());
  if (options.entry)
    if (llvm::Error error =
            addCEntryPoint(*module, *options.entry, options.defaultThreads))
      return error;
  auto optimize = makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                            machine->get());
  if (llvm::Error error = optimize(module.get()))
    return error;
  if (options.sanitizeThreads)
    if (llvm::Error error =
            instrumentForThreadSanitizer(*module, machine->get()))
      return error;

  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  llvm::legacy::PassManager codegen;
  if ((*machine)->addPassesToEmitFile(codegen, os, nullptr,
                                      llvm::CodeGenFileType::ObjectFile))
    return makeError("the target cannot emit object files");
  codegen.run(*module);
  os.close();
  if (os.has_error())
    return makeError("cannot write '" + path + "': " + os.error().message());
  return llvm::Error::success();
}

static std::string cType(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "float";
  case DType::I8:
    return "int8_t";
  case DType::U8:
    return "uint8_t";
  case DType::I32:
    return "int32_t";
  case DType::I64:
    return "int64_t";
  }
  return "void";
}

static std::string structName(const TensorSignature &tensor) {
  return "qfold_memref_" + getDTypeName(tensor.dtype).str() + "_" +
         std::to_string(tensor.shape.size()) + "d";
}

std::string mlir::qfold::emitCHeader(const FunctionSignature &signature,
                                     llvm::StringRef sourceName,
                                     int defaultThreads) {
  std::string guard = "QFOLD_" + llvm::StringRef(signature.name).upper() + "_H";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "// Generated by qfold-aot from " << sourceName << ". Do not edit.\n"
     << "//\n// void _mlir_ciface_" << signature.name
     << "(inputs..., results...): every argument points to a memref\n"
     << "// descriptor; results are out-parameters the caller allocates.\n";
  for (auto [i, t] : llvm::enumerate(signature.inputs))
    os << "//   input " << i << ": " << t.describe() << "\n";
  for (auto [i, t] : llvm::enumerate(signature.results))
    os << "//   result " << i << ": " << t.describe() << "\n";
  os << "\n#ifndef " << guard << "\n#define " << guard
     << "\n\n#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n"
     << "#endif\n\n";

  std::set<std::string> declared;
  std::vector<const TensorSignature *> all;
  for (const TensorSignature &t : signature.inputs)
    all.push_back(&t);
  for (const TensorSignature &t : signature.results)
    all.push_back(&t);
  for (const TensorSignature *t : all) {
    std::string name = structName(*t);
    if (!declared.insert(name).second)
      continue;
    size_t rank = t->shape.size();
    os << "#ifndef " << llvm::StringRef(name).upper() << "_DEFINED\n#define "
       << llvm::StringRef(name).upper() << "_DEFINED\n"
       << "typedef struct {\n  " << cType(t->dtype) << " *allocated;\n  "
       << cType(t->dtype) << " *aligned;\n  int64_t offset;\n";
    if (rank)
      os << "  int64_t sizes[" << rank << "];\n  int64_t strides[" << rank
         << "];\n";
    os << "} " << name << ";\n#endif\n\n";
  }

  os << "void _mlir_ciface_" << signature.name << "(";
  size_t index = 0;
  for (auto [i, t] : llvm::enumerate(signature.inputs))
    os << (index++ ? ", " : "") << structName(t) << " *input" << i;
  for (auto [i, t] : llvm::enumerate(signature.results))
    os << (index++ ? ", " : "") << structName(t) << " *result" << i;
  os << ");\n\n";

  bool batch = false;
  for (const TensorSignature *t : all)
    batch |= !t->shape.empty() && ShapedType::isDynamic(t->shape[0]);
  os << "// The same over contiguous row-major buffers"
     << (batch ? " (`batch`: the size of the\n// dynamic dimension 0)" : "")
     << ".\n// num_threads > 0 runs the call on that many threads; 0 on "
        "QFOLD_NUM_THREADS\n// (read when the object is loaded), else on ";
  if (defaultThreads > 0)
    os << defaultThreads << " (qfold-aot --threads=" << defaultThreads << ")";
  else
    os << "OpenMP's default (OMP_NUM_THREADS,\n// or every core)";
  os << ".\n// Ignored by an object compiled with --threads=1. The count is "
        "set "
        "for this\n// call on the calling thread only: calls from several "
        "threads, each with\n// its own buffers, may run at once.\n"
     << "void " << getCEntryName(signature) << "(";
  index = 0;
  if (batch)
    os << "int64_t batch";
  index = batch;
  for (auto [i, t] : llvm::enumerate(signature.inputs))
    os << (index++ ? ", " : "") << "const " << cType(t.dtype) << " *input" << i;
  for (auto [i, t] : llvm::enumerate(signature.results))
    os << (index++ ? ", " : "") << cType(t.dtype) << " *result" << i;
  os << (index ? ", " : "") << "int num_threads);\n\n"
     << "#ifdef __cplusplus\n}\n#endif\n\n#endif // " << guard << "\n";
  return text;
}
