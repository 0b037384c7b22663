//===- Passes.td - qfold quantization passes ---------------*- tablegen -*-===//

#ifndef QFOLD_QUANTIZATION_PASSES_TD
#define QFOLD_QUANTIZATION_PASSES_TD

include "mlir/Pass/PassBase.td"

def QFoldQuantize : Pass<"qfold-quantize", "::mlir::func::FuncOp"> {
  let summary = "Post-training quantization of float conv2d blocks";
  let description = [{
    Turns every float `qfold.conv2d` with constant weights (run it after
    `qfold-fold`, so BatchNorms are already in the weights and ReLU/ReLU6 in
    the clamp range) into a quantized one, from activation ranges given in a
    calibration file (`qfold-run --calibrate` writes it; see
    `qfold/Quantization/Calibration.h` for the names):

    * activations: asymmetric u8 (or i8) covering the calibrated range of
      the conv's input and of its (post-activation) output, zero included;
    * weights: symmetric per-output-channel i8 in [-127, 127], from the
      constant weights;
    * bias: i32 at scale input_scale * weight_scale[o];
    * the fused clamp range becomes the integer range of the output type,
      so the output is requantized straight into the post-activation range.

    Function arguments are quantized on entry (`quant.qcast`) and results
    dequantized (`quant.dcast`); consecutive quantized convs pass quantized
    tensors. A conv whose input or output has no range, or whose weights
    are not constant, stays float.
  }];
  let options = [
    Option<"calibration", "calibration", "std::string", /*default=*/"",
           "Calibration JSON file (qfold-run --calibrate)">,
    Option<"activationType", "activation-type", "std::string",
           /*default=*/"\"u8\"", "Activation storage type: u8 or i8">
  ];
  let statistics = [
    Statistic<"numQuantized", "quantized-convs", "Number of convs quantized">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
}

#endif // QFOLD_QUANTIZATION_PASSES_TD
