func.func @relu_requant_mode_on_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{requant_mode is only meaningful on the quantized form}}
  %0 = qfold.relu %x {requant_mode = #qfold.requant_mode<tflite>} : tensor<4xf32>
  return
}
