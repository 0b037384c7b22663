//===- Pipelines.h - qfold pass pipelines ------------------------*- C++
//-*-===//
//
// The pipeline from qfold IR to the LLVM dialect for the host CPU, as a
// builder other compilers can call and as the `qfold-to-llvm` pipeline of
// qfold-opt.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_PIPELINES_PIPELINES_H
#define QFOLD_PIPELINES_PIPELINES_H

#include "qfold/Codegen/Int8DotKind.h"
#include "qfold/Codegen/ParallelMinWork.h"
#include "qfold/Dialect/QFold/IR/RequantMode.h"

#include "mlir/Pass/PassOptions.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::qfold {

struct QFoldToLLVMOptions : public PassPipelineOptions<QFoldToLLVMOptions> {
  PassOptions::Option<bool> fold{
      *this, "fold",
      llvm::cl::desc("Fold batch_norm and relu/clamp into convolutions first"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Register-block and vectorize the convolutions"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> calibration{
      *this, "calibration",
      llvm::cl::desc("Post-training quantization with this calibration file "
                     "(qfold-quantize after folding; implies fold)"),
      llvm::cl::init("")};
  PassOptions::Option<bool> nhwcBoundary{
      *this, "nhwc-boundary",
      llvm::cl::desc("The entry function takes and returns NHWC tensors "
                     "(qfold-nhwc-function-boundary; changes its ABI)"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("The x86 CPU the code is tuned for, an LLVM CPU name "
                     "(znver5, icelake-server, haswell...; empty: this "
                     "machine). Code for another CPU is for ahead-of-time "
                     "compilation: it may not run here"),
      llvm::cl::init("")};
  PassOptions::Option<int64_t> cacheBytes{
      *this, "cache-bytes",
      llvm::cl::desc("The private (L2) cache size the tiles are chosen for "
                     "(0: the target CPU's, read from this machine or "
                     "LLVM's CPU table)"),
      llvm::cl::init(0)};
  PassOptions::Option<Int8DotKind> int8Dot{
      *this, "int8-dot",
      llvm::cl::desc("Input channels per integer convolution step"),
      llvm::cl::init(Int8DotKind::autoSelect), int8DotKindValues()};
  PassOptions::Option<bool> vnniIntrinsics{
      *this, "vnni-intrinsics",
      llvm::cl::desc("Use vpdpbusd for quad dot products on VNNI hosts "
                     "(false: the generic lowering, for testing it)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Run the outer parallel loops of each loop nest on "
                     "OpenMP threads (the program then needs libomp; the "
                     "thread count is OpenMP's: OMP_NUM_THREADS, "
                     "omp_set_num_threads)"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("With parallel: loop nests estimated to execute fewer "
                     "operations run serially"),
      llvm::cl::init(kDefaultParallelMinWork)};
  PassOptions::Option<int64_t> parallelMinBytes{
      *this, "parallel-min-bytes",
      llvm::cl::desc("With parallel: ...unless they write at least this many "
                     "bytes"),
      llvm::cl::init(kDefaultParallelMinBytes)};
  PassOptions::Option<RequantMode> requantMode{
      *this, "requant-mode",
      llvm::cl::desc("Requantization of ops without a requant_mode attribute"),
      llvm::cl::init(RequantMode::tflite), requantModeValues()};
};

/// qfold (and quant casts) on tensors -> LLVM dialect: fold, convert to
/// linalg, bufferize (results become out-parameters, identity layouts at
/// function boundaries), lower to loops and to LLVM. The output runs with
/// mlir-runner and the upstream runner utils.
void buildQFoldToLLVMPipeline(OpPassManager &pm,
                              const QFoldToLLVMOptions &options);

/// Runs the qfold-to-llvm pipeline on `module`, reporting through the
/// context's diagnostic handlers.
LogicalResult lowerToLLVMDialect(ModuleOp module,
                                 const QFoldToLLVMOptions &options);

/// Registers `qfold-to-llvm` with the global pass pipeline registry.
void registerQFoldPipelines();

} // namespace mlir::qfold

#endif // QFOLD_PIPELINES_PIPELINES_H
