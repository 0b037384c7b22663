//===- Passes.td - qfold dialect passes --------------------*- tablegen -*-===//

#ifndef QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_TD
#define QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QFoldFold : Pass<"qfold-fold"> {
  let summary = "Fold batch_norm into conv2d and absorb relu/clamp into its "
                "clamp range";
  let description = [{
    Applies only qfold's folding patterns (the canonicalization patterns of
    the qfold ops), for pipelines that do not want upstream canonicalization:

    * `conv2d -> batch_norm` becomes one `conv2d` whose filter and bias carry
      the BatchNorm (`filter'[o] = s[o] * filter[o]`,
      `bias'[o] = s[o] * (bias[o] - mean[o]) + beta[o]`,
      `s = gamma / sqrt(variance + epsilon)`), computed in double precision
      when everything is constant and as f32 tensor arithmetic otherwise;
    * `conv2d -> relu/clamp` becomes a `conv2d` with the composed clamp range
      (in the integer storage domain on quantized convs, in the activation's
      result type);
    * chains of relu/clamp merge into one op, and identity batch_norm/clamp
      ops fold away.

    A pattern does not fire when the conv result has other users, when a
    BatchNorm follows a conv that already clamps, on quantized convs (for
    BatchNorm), or when a quantized activation's result is per-axis.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def QFoldMemRefCopyToLinalg : Pass<"qfold-memref-copy-to-linalg"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    Bufferization turns `tensor.pad` and some result copies into
    `memref.copy`, which the LLVM lowering turns into a call to `memrefCopy`
    from the runner-utils library whenever a side is strided. As
    `linalg.copy` it lowers to loops instead, so the code qfold generates
    (JIT or object file) needs no runtime library.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_TD
