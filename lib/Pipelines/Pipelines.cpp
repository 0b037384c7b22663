//===- Pipelines.cpp - qfold pass pipelines -------------------------------===//

#include "qfold/Pipelines/Pipelines.h"
#include "qfold/Codegen/HostTarget.h"
#include "qfold/Codegen/Passes.h"
#include "qfold/Conversion/Passes.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"
#include "qfold/Pass/PassFailureReports.h"
#include "qfold/Quantization/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::qfold;

void mlir::qfold::buildQFoldToLLVMPipeline(OpPassManager &pm,
                                           const QFoldToLLVMOptions &options) {
  // Calibration ranges are of the folded program's conv outputs (after the
  // BatchNorm and activation), so quantizing always folds first.
  if (options.fold || !options.calibration.empty())
    buildQFoldFoldPipeline(pm,
                           /*beforeQuantization=*/!options.calibration.empty());
  if (!options.calibration.empty()) {
    QFoldQuantizeOptions quantize;
    quantize.calibration = options.calibration;
    pm.addNestedPass<func::FuncOp>(createQFoldQuantize(quantize));
    // Not the canonicalizer: upstream folds dcast(qcast(x)) to x, dropping
    // the rounding of any fake quantization still in the program.
    pm.addPass(createQFoldFold());
  }
  if (options.vectorize)
    pm.addNestedPass<func::FuncOp>(createQFoldPadConvChannels());
  // An unknown CPU name is diagnosed by qfold-tile-and-vectorize-convs when
  // vectorizing; until then (and without vectorization) it means the host,
  // which only picks between equally exact forms below.
  VectorTarget target = getVectorTargetForCPU(options.targetCpu)
                            .value_or(detectHostVectorTarget());
  // The one-step rounding's 64-bit adjustment is one masked add on AVX-512;
  // without masks it is a compare and a blend on half vectors, and the
  // two-step form is faster (measured on Zen 5: W3 int8 one-step 123 us vs
  // two-step 144 us for AVX-512 code, 205 us vs 201 us for AVX2 code).
  ConvertQFoldToLinalgOptions lowering;
  lowering.requantMode = options.requantMode;
  lowering.tfliteRounding =
      target.hasAvx512() ? TfliteRounding::oneStep : TfliteRounding::twoSteps;
  pm.addPass(createConvertQFoldToLinalg(lowering));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.nhwcBoundary) {
    pm.addNestedPass<func::FuncOp>(createNhwcFunctionBoundary());
    pm.addPass(createCanonicalizerPass());
  }
  // Tensor arithmetic left by folding BatchNorm into non-constant weights.
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  if (options.vectorize) {
    TileAndVectorizeConvsOptions tiling;
    tiling.int8Dot = options.int8Dot;
    tiling.targetCpu = options.targetCpu;
    tiling.cacheBytes = options.cacheBytes;
    pm.addNestedPass<func::FuncOp>(createTileAndVectorizeConvs(tiling));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    pm.addPass(createOutlineLoopNests());
    pm.addPass(createCanonicalizerPass());
  }

  pm.addNestedPass<func::FuncOp>(createCopyRepeatedResults());
  // Producers of padded inputs write into the padded buffer's interior.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.modifyPublicFunctions = true;
  outParams.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addNestedPass<func::FuncOp>(createWriteResultsInPlace());
  // Copies between identical subviews (a padded input written in place).
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addPass(createMemRefCopyToLinalg());
  pm.addNestedPass<func::FuncOp>(createHoistVectorTransfers());
  if (options.vectorize) {
    if (target.usePairDotProducts())
      pm.addNestedPass<func::FuncOp>(createLowerPairDotProducts(
          LowerPairDotProductsOptions{target.lanes}));
    // Quads (chosen on VNNI hosts, or forced with int8-dot=quads): vpdpbusd
    // where the host has it, the exact generic lowering elsewhere.
    if (target.lanes == 8 || target.lanes == 16)
      pm.addNestedPass<func::FuncOp>(createLowerQuadDotProducts(
          LowerQuadDotProductsOptions{target.lanes}));
  }

  if (options.parallel)
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  else
    pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
  // Again on buffers: the fills and copies between layers that bufferization
  // left in the caller are loops too.
  if (options.vectorize)
    pm.addPass(createOutlineLoopNests());
  if (options.parallel)
    pm.addNestedPass<func::FuncOp>(
        createParallelizeLoopNests(ParallelizeLoopNestsOptions{
            options.parallelMinWork, options.parallelMinBytes}));
  pm.addPass(createConvertVectorToSCFPass());
  if (options.parallel) {
    pm.addPass(createConvertSCFToOpenMPPass());
    pm.addNestedPass<func::FuncOp>(createHoistStaticAllocas());
    // The alloca scopes around the parallel loops' bodies, now empty.
    pm.addPass(createCanonicalizerPass());
  } else {
    pm.addNestedPass<func::FuncOp>(createHoistStaticAllocas());
  }
  // After the alloca scopes are gone: the canonicalizer keeps a scope around
  // an intrinsic call (whose effects it cannot see), and a scope holding a
  // loop cannot be lowered to blocks.
  if (options.vectorize)
    pm.addPass(createLowerQuadDots(LowerQuadDotsOptions{
        options.vnniIntrinsics && target.useQuadDotProducts()}));
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createAlignGlobals());
  pm.addPass(createRealignStack());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  if (options.vectorize && target.hasAvx2)
    pm.addNestedPass<func::FuncOp>(createLowerTransposesX86());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.vectorContractLowering =
      vector::VectorContractLowering::OuterProduct;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (options.parallel)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

LogicalResult
mlir::qfold::lowerToLLVMDialect(ModuleOp module,
                                const QFoldToLLVMOptions &options) {
  PassManager pm(module.getContext());
  addPassFailureReports(pm);
  buildQFoldToLLVMPipeline(pm, options);
  return pm.run(module);
}

void mlir::qfold::registerQFoldPipelines() {
  PassPipelineRegistration<QFoldToLLVMOptions>(
      "qfold-to-llvm",
      "Fold, lower through linalg and bufferization to the LLVM dialect",
      buildQFoldToLLVMPipeline);
}
