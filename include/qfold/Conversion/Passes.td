//===- Passes.td - qfold conversion passes -----------------*- tablegen -*-===//

#ifndef QFOLD_CONVERSION_PASSES_TD
#define QFOLD_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQFoldToLinalg : Pass<"convert-qfold-to-linalg", "ModuleOp"> {
  let summary = "Lower qfold ops and quant casts to linalg, tensor and arith";
  let description = [{
    Lowers every qfold op, folded or not, and the upstream `quant.qcast`,
    `quant.dcast` and `quant.scast` casts, to linalg/tensor/arith/math on
    tensors. Quantized tensor types become tensors of their storage type
    (u8 and i8 both as signless i8) everywhere, function signatures included.

    Convolutions compute in NHWC: the NCHW input is transposed, filters are
    re-laid out (at compile time when constant) for `linalg.conv_2d_nhwc_hwcf`,
    `linalg.depthwise_conv_2d_nhwc_hwc[m]` or `linalg.conv_2d_nhwgc_gfhwc`,
    and the NHWC result is transposed back; adjacent transposes between
    layers cancel in canonicalization. Bias, requantization and clamp form one
    epilogue `linalg.generic`.

    Quantized convolutions accumulate `sum (x - x_zp) * (w - w_zp)` exactly in
    i32: u8 activations are shifted to i8 (`x ^ 0x80`, zero point - 128), the
    input is padded with its zero point, the filter zero points are
    subtracted from the weights, and `x_zp * sum(w - w_zp)` is folded into the
    bias per output channel. The accumulator is requantized as the op's
    `requant_mode` says, or as this pass's `requant-mode` option when absent:
    `tflite` (Q31 multiplier and shift, bit-exact with TFLite's
    MultiplyByQuantizedMultiplier) or `onnx` (f32 multiplier, round half to
    even, saturate). `quant.qcast` rounds half to even and saturates.

    Fails with a diagnostic when a requantization multiplier cannot be
    represented.
  }];
  let options = [
    Option<"requantMode", "requant-mode", "::mlir::qfold::RequantMode",
           /*default=*/"::mlir::qfold::RequantMode::tflite",
           "requantization of ops without a requant_mode attribute",
           [{::mlir::qfold::requantModeValues()}]>,
    Option<"tfliteRounding", "tflite-rounding", "::mlir::qfold::TfliteRounding",
           /*default=*/"::mlir::qfold::TfliteRounding::oneStep",
           "how the tflite requantization rounds (bit-exact either way): "
           "one-step (one masked 64-bit adjustment) or two-steps (the high "
           "multiply, then a rounding division on i32 lanes); qfold-to-llvm "
           "chooses by target",
           [{::mlir::qfold::tfliteRoundingValues()}]>
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // QFOLD_CONVERSION_PASSES_TD
