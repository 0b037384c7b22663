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
    * `conv2d(x, dcast(W_q)) -> batch_norm` with constant quantized weights
      `W_q` (the fake quantization of quantization-aware training) folds the
      BatchNorm before that fake quantization: `W_q` becomes per output
      channel with scale `|s[o]| * scale[o]` and the same integers (mirrored
      around the zero point where `s[o] < 0`), so that
      `dcast(W_q') = s * dcast(W_q)` exactly and inference uses the weights
      training saw. Where mirroring would leave the storage range, the float
      fold above is used instead;
    * `conv2d -> relu/clamp` becomes a `conv2d` with the composed clamp range
      (in the integer storage domain on quantized convs, in the activation's
      result type);
    * chains of relu/clamp merge into one op, and identity batch_norm/clamp
      ops fold away;
    * per-channel constants added, subtracted, multiplied or divided next to
      a conv (after it, or before it: an input normalization, a BatchNorm
      before a conv) and after a transposed conv fold into its filter and
      bias; before a padded conv the conv takes `pad_values`.

    A pattern does not fire when the conv result has other users, when a
    BatchNorm follows a conv that already clamps, on quantized convs (for
    BatchNorm), when a quantized activation's result is per-axis, or when a
    folded value would not be a finite f32 (a huge gamma over a tiny
    variance) or a folded quantization scale would leave f32's normal range.
    With `report`, every batch_norm left gets a remark saying why.
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark for every batch_norm left unfolded, with the reason">,
    Option<"padValues", "pad-values", "bool", /*default=*/"true",
           "Fold a per-channel affine map into the padded conv after it by "
           "giving the conv per-channel padding values (off before "
           "post-training quantization, whose integer convs pad with the "
           "input's zero point: the map then stays and is calibrated)">,
    Option<"decomposeConvTranspose", "decompose-conv-transpose", "bool",
           /*default=*/"false",
           "Rewrite each conv_transpose2d (after its own folds) as the conv2d "
           "it equals, so that post-training quantization quantizes it">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def QFoldPadConvChannels : Pass<"qfold-pad-conv-channels",
                                "::mlir::func::FuncOp"> {
  let summary = "Pad the input channels of quantized convs to a multiple of 4";
  let description = [{
    A quantized regular (groups = 1) `qfold.conv2d` with constant integer
    weights and an input channel count that is not a multiple of 4 (the 3
    channels of an image) gets its input padded with channels of the input
    zero point and its filter with channels of the filter zero point, so
    that `w - w_zp = 0` there and the result is the same, exactly. The CPU
    kernels then reduce channels in quads (`vpdpbusd`) or pairs instead of
    widening every product to i32 (a fifth of an int8 ResNet-18's time in
    its first layer). `qfold-to-llvm` runs it when it vectorizes.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect",
                           "::mlir::tensor::TensorDialect"];
}

def QFoldFuseQDQ : Pass<"qfold-fuse-qdq", "::mlir::func::FuncOp"> {
  let summary = "Fuse DequantizeLinear -> conv [-> batch_norm] [-> relu/clamp] "
                "-> QuantizeLinear into one quantized conv2d";
  let description = [{
    Quantized models exported by ONNX Runtime's quantizer or PyTorch arrive as
    float convolutions surrounded by quantize/dequantize pairs:

    ```
    dcast(x_q) -> conv2d(f32, filter = dcast(w_q)) [-> batch_norm]
              [-> relu | clamp] -> qcast to Y
    ```

    becomes one quantized `qfold.conv2d(x_q, w_q', bias_i32)` with result type
    `Y` and the activation absorbed into Y's integer clamp range, so the
    post-activation scale and zero point do the ReLU.

    * Weights: constant integers (`quant.scast` of a constant), a constant
      f32 tensor through `quant.qcast` (quantized here with the same rounding
      as at run time), or run-time quantized tensors (only without a
      BatchNorm). Per tensor or per output channel.
    * BatchNorm: folded in float into the weights before they are
      re-quantized. Each channel's factor `s = gamma / sqrt(var + eps)` goes
      into the per-channel scale exactly (`scale * |s|`, weights mirrored
      around the zero point when `s < 0`); only when mirroring leaves the
      storage range is the channel re-quantized symmetrically. The weights
      become per channel.
    * Bias: none, f32 (quantized to i32 with scale `x_scale * w_scale[o]`,
      round half to even), or a dequantized i32 tensor.

    The same for the other ops of a network: `DQ(a), DQ(b) -> add [->
    relu/clamp] -> Q` becomes a quantized `qfold.add` (the activations its
    integer clamp), `DQ -> max_pool2d -> Q` a max pool on the stored
    integers (and a requantizing `qfold.clamp` when Q's type differs), and
    `DQ -> avg_pool2d -> Q` a quantized average pool (when every window
    counts the same positions). First, Q and DQ ops move through
    `tensor.collapse_shape`/`expand_shape` (a Flatten; a Gemm imported as a
    1x1 conv between reshapes), and `Q(DQ(x))` becomes `x` or a requantizing
    `qfold.clamp`. A dequantized input with other users (a residual
    connection) stays for them.

    Anything that is not exactly such a pattern is left alone (a Q of
    per-axis or non-8-bit type, a missing Q,
    non-constant BatchNorm statistics, run-time weights with a BatchNorm, a
    bias that overflows i32); the unfused program still runs, in float
    between the casts. With `report`, each candidate left alone gets a remark
    saying why.
  }];
  let options = [
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark for every quantize op left unfused, with the reason">
  ];
  let statistics = [
    Statistic<"numFused", "fused", "Number of Q/DQ blocks fused">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect",
                           "::mlir::qfold::QFoldDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_TD
