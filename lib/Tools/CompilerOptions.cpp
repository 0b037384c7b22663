//===- CompilerOptions.cpp - the options of qfold's compiling tools -------===//
//
// Apart from ToolSupport.cpp so that a tool that only hides library options
// (qfold-opt, qfold-translate) does not also register these.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/RequantMode.h"
#include "qfold/Tools/ToolSupport.h"

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

static cl::opt<Int8DotKind>
    int8Dot("int8-dot", cl::init(Int8DotKind::autoSelect),
            cl::desc("Input channels per integer convolution step"),
            int8DotKindValues(), cl::cat(getCompilerOptionsCategory()));
static cl::opt<bool> vnniIntrinsics(
    "vnni-intrinsics", cl::init(true),
    cl::desc("Use vpdpbusd for quad dot products on VNNI hosts (false: the "
             "generic lowering)"),
    cl::cat(getCompilerOptionsCategory()));

void mlir::qfold::applyCompilerOptions(QFoldToLLVMOptions &options) {
  options.fold = !noFold;
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
  cl::HideUnrelatedOptions(shown);
  cl::ParseCommandLineOptions(argc, argv, overview);
}
