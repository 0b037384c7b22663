//===- Passes.td - qfold CPU code generation passes --------*- tablegen -*-===//

#ifndef QFOLD_CODEGEN_PASSES_TD
#define QFOLD_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def TileAndVectorizeConvs : Pass<"qfold-tile-and-vectorize-convs",
                                 "::mlir::func::FuncOp"> {
  let summary = "Register-block, decompose and vectorize NHWC convolutions";
  let description = [{
    The CPU strategy for the linalg convolutions that convert-qfold-to-linalg
    produces (float and integer `linalg.conv_2d_nhwc_hwcf`,
    `linalg.depthwise_conv_2d_nhwc_hwc`), on tensors:

    1. The epilogue `linalg.generic` (bias, requantization, clamp) is tiled
       over (batch, row, columns, channels) = (1, 1, C, F) with the register
       tile of qfold/Codegen/TileSizes.h, and the convolution and its
       zero-fill are fused into the tile, so the epilogue runs on
       accumulators still in registers.
    2. The fused convolution's kernel rows and input channels are tiled to 1,
       making it a 1-D convolution (`linalg.conv_1d_nwc_wcf` /
       `linalg.depthwise_conv_1d_nwc_wc`) after decomposition.
    3. Loops whose step does not divide the extent are peeled, so every tile
       has a static shape, and the tiles are vectorized.
    4. The accumulator reads and writes are hoisted out of the reduction
       loops (loop-carried vectors).

    Convolutions it cannot handle (grouped, depthwise with a channel
    multiplier) are left to the loop lowering.
  }];
  let options = [
    Option<"vectorLanes", "vector-lanes", "int64_t", /*default=*/"0",
           "32-bit lanes per vector register (0: this machine's)">,
    Option<"vectorRegisters", "vector-registers", "int64_t", /*default=*/"0",
           "Vector registers of the target (0: this machine's)">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def HoistVectorTransfers : Pass<"qfold-hoist-vector-transfers",
                                "::mlir::func::FuncOp"> {
  let summary = "Hoist loop-invariant vector transfers on memrefs";
  let description = [{
    After bufferization, moves vector.transfer_read/write pairs on the same
    loop-invariant memref slice out of scf.for loops
    (linalg::hoistRedundantVectorTransfers), keeping accumulators in
    registers across the reduction loops.
  }];
}

def CopyRepeatedResults : Pass<"qfold-copy-repeated-results",
                               "::mlir::func::FuncOp"> {
  let summary = "Give every returned tensor its own buffer";
  let description = [{
    A function that returns the same tensor twice (for example after an
    identity batch_norm folded away) would make two results share one
    buffer, which buffer-results-to-out-params cannot express (upstream
    crashes on it). Every repeated return operand becomes a `linalg.copy`
    into a new tensor before bufferization.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // QFOLD_CODEGEN_PASSES_TD
