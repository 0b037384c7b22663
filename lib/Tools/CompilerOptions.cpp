//===- CompilerOptions.cpp - the options of qfold's compiling tools -------===//
//
// Apart from ToolSupport.cpp so that a tool that only hides library options
// (qfold-opt, qfold-translate) does not also register these.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/HostTarget.h"
#include "qfold/Codegen/ParallelMinWork.h"
#include "qfold/Dialect/QFold/IR/RequantMode.h"
#include "qfold/Runtime/Threads.h"
#include "qfold/Tools/ToolSupport.h"

#include "llvm/Support/Path.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::qfold;

namespace cl = llvm::cl;

cl::OptionCategory &mlir::qfold::getCompilerOptionsCategory() {
  static cl::OptionCategory category("qfold compiler options");
  return category;
}

static cl::opt<bool> noFold("no-fold",
                            cl::desc("Do not apply the folding patterns"),
                            cl::cat(getCompilerOptionsCategory()));
static cl::opt<RequantMode> requantMode(
    "requant-mode", cl::init(RequantMode::tflite),
    cl::desc("Requantization of ops without a requant_mode attribute"),
    requantModeValues(), cl::cat(getCompilerOptionsCategory()));

static cl::opt<std::string> targetCpu(
    "target-cpu",
    cl::desc("The x86 CPU to compile for, an LLVM CPU name (znver5, "
             "icelake-server, haswell...; default: this machine). qfold-run "
             "runs the code here, so that CPU's instructions must be this "
             "machine's too"),
    cl::value_desc("cpu"), cl::cat(getCompilerOptionsCategory()));

static cl::opt<int64_t> cacheBytes(
    "cache-bytes", cl::init(0),
    cl::desc("The private (L2) cache size the tiles are chosen for (0: "
             "the target CPU's): to compile and time, here, the tiling a "
             "host with another cache gets"),
    cl::value_desc("bytes"), cl::cat(getCompilerOptionsCategory()));

static cl::opt<Int8DotKind>
    int8Dot("int8-dot", cl::init(Int8DotKind::autoSelect),
            cl::desc("Input channels per integer convolution step"),
            int8DotKindValues(), cl::cat(getCompilerOptionsCategory()));
static cl::opt<bool> vnniIntrinsics(
    "vnni-intrinsics", cl::init(true),
    cl::desc("Use vpdpbusd for quad dot products on VNNI hosts (false: the "
             "generic lowering)"),
    cl::cat(getCompilerOptionsCategory()));

/// --threads. libLLVM registers a `threads` option of its own (ThinLTO's
/// thread count, which these tools never run), so a static cl::opt of that
/// name would abort at load time: this one is registered on first use,
/// before the command line is parsed, in place of LLVM's.
static cl::opt<unsigned> &getThreadsOpt() {
  static cl::opt<unsigned> *threads = [] {
    if (cl::Option *other = cl::getRegisteredOptions().lookup("threads"))
      other->removeArgument();
    return new cl::opt<unsigned>(
        "threads", cl::init(0),
        cl::desc("Threads the compiled code runs on (0: QFOLD_NUM_THREADS, "
                 "else OpenMP's default: OMP_NUM_THREADS or every core; 1: "
                 "serial code without OpenMP)"),
        cl::cat(getCompilerOptionsCategory()));
  }();
  return *threads;
}

int mlir::qfold::getThreadsFlag() { return static_cast<int>(getThreadsOpt()); }

int mlir::qfold::getThreadsOption() {
  int threads = getThreadsFlag();
  return threads ? threads : getEnvThreadCount();
}

static cl::opt<int64_t> parallelMinWork(
    "parallel-min-work", cl::init(kDefaultParallelMinWork),
    cl::desc("Loop nests estimated to execute fewer operations run serially "
             "(0: every parallel nest on threads, for testing)"),
    cl::cat(getCompilerOptionsCategory()));

static cl::opt<int64_t>
    parallelMinBytes("parallel-min-bytes", cl::init(kDefaultParallelMinBytes),
                     cl::desc("...unless they write at least this many bytes"),
                     cl::cat(getCompilerOptionsCategory()));

llvm::StringRef mlir::qfold::getTargetCpuOption() { return targetCpu; }

void mlir::qfold::applyCompilerOptions(QFoldToLLVMOptions &options) {
  options.targetCpu = targetCpu;
  options.cacheBytes = cacheBytes;
  options.fold = !noFold;
  options.parallel = getThreadsOption() != 1;
  options.parallelMinWork = parallelMinWork;
  options.parallelMinBytes = parallelMinBytes;
  options.requantMode = requantMode;
  options.int8Dot = int8Dot;
  options.vnniIntrinsics = vnniIntrinsics;
}

void mlir::qfold::parseToolCommandLine(
    int argc, char **argv, llvm::StringRef overview,
    llvm::ArrayRef<const cl::OptionCategory *> categories) {
  SmallVector<const cl::OptionCategory *> shown(categories.begin(),
                                                categories.end());
  shown.push_back(&getCompilerOptionsCategory());
  (void)getThreadsOpt();
  cl::HideUnrelatedOptions(shown);
  cl::ParseCommandLineOptions(argc, argv, overview);
  if (!getVectorTargetForCPU(targetCpu))
    std::exit(reportToolError(llvm::sys::path::filename(argv[0]),
                              "unknown x86 CPU '" + targetCpu +
                                  "' for --target-cpu (LLVM's names: znver5, "
                                  "icelake-server, haswell, ...)"));
}
