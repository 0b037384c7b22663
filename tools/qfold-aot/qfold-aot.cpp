//===- qfold-aot.cpp - compile a qfold function to an object file ---------===//
//
// qfold-aot FILE.mlir -o OUT.o --header OUT.h [--entry NAME] [--no-fold]
//           [--target-cpu=CPU] [--threads=N] [--sanitize-thread]
//           [--requant-mode=tflite|onnx]
//
// Lowers the module with the qfold-to-llvm pipeline and writes an object file
// for this CPU exporting `_mlir_ciface_<entry>` (memref descriptors) and
// `qfold_<entry>` (plain buffers and a thread count), plus a C header
// declaring both. Link the object into any C or C++ program, with LLVM's
// OpenMP runtime (-lomp) unless it was compiled with --threads=1 (serial
// code that needs no runtime library).
//
//===----------------------------------------------------------------------===//

#include "qfold/Runtime/AotCompiler.h"
#include "qfold/Tools/ToolSupport.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::qfold;

namespace cl = llvm::cl;

static cl::OptionCategory aotCategory("qfold-aot options");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<qfold .mlir file>"),
                                      cl::cat(aotCategory));
static cl::opt<std::string> objectFile("o", cl::Required,
                                       cl::desc("Object file to write"),
                                       cl::value_desc("file.o"),
                                       cl::cat(aotCategory));
static cl::opt<std::string> headerFile("header", cl::Required,
                                       cl::desc("C header to write"),
                                       cl::value_desc("file.h"),
                                       cl::cat(aotCategory));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("Function to export (default: the only public "
                       "function)"),
              cl::cat(aotCategory));

static cl::opt<bool> sanitizeThreads(
    "sanitize-thread",
    cl::desc("Instrument the object for ThreadSanitizer (link the program "
             "with -fsanitize=thread): races in the generated code itself "
             "are reported"),
    cl::cat(aotCategory));

static int fail(const llvm::Twine &message) {
  return reportToolError("qfold-aot", message);
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  parseToolCommandLine(argc, argv, "qfold ahead-of-time compiler\n",
                       {&aotCategory});

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFile, &errorMessage);
  if (!file)
    return fail(errorMessage);
  ToolContext tool;
  OwningOpRef<ModuleOp> module = tool.parse(std::move(file));
  if (!module)
    return fail("cannot parse '" + inputFile + "'");

  llvm::Expected<FunctionSignature> signature =
      getFunctionSignature(*module, entryName);
  if (!signature)
    return fail(llvm::toString(signature.takeError()));
  // The C wrapper takes pointers to descriptors: a stable C ABI.
  module->lookupSymbol<func::FuncOp>(signature->name)
      ->setAttr("llvm.emit_c_interface", UnitAttr::get(&tool.getContext()));

  QFoldToLLVMOptions options;
  applyCompilerOptions(options);
  // QFOLD_NUM_THREADS is for the program that runs the object, not for
  // this compilation: only --threads=1 makes a serial object.
  options.parallel = getThreadsFlag() != 1;
  if (failed(lowerToLLVMDialect(*module, options)))
    return fail("lowering '" + inputFile + "' failed");
  ObjectFileOptions object;
  object.cpu = getTargetCpuOption().str();
  object.entry = &*signature;
  object.sanitizeThreads = sanitizeThreads;
  // --threads=N > 1: the plain entry's count when a call gives none.
  object.defaultThreads = getThreadsFlag() > 1 ? getThreadsFlag() : 0;
  if (llvm::Error error = emitObjectFile(*module, objectFile, object))
    return fail(llvm::toString(std::move(error)));

  std::unique_ptr<llvm::ToolOutputFile> header =
      openOutputFile(headerFile, &errorMessage);
  if (!header)
    return fail(errorMessage);
  header->os() << emitCHeader(*signature, llvm::sys::path::filename(inputFile),
                              object.defaultThreads);
  header->keep();
  return 0;
}
