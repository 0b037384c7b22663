func.func @relu_per_axis(%x: tensor<4x!quant.uniform<u8:f32:0, {0.1, 0.1, 0.1, 0.1}>>) {
  // expected-error @+1 {{quantized operands must be quantized per tensor}}
  %0 = qfold.relu %x : tensor<4x!quant.uniform<u8:f32:0, {0.1, 0.1, 0.1, 0.1}>>
  return
}
