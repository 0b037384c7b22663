func.func @quantized_input(%x: tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1>>, %p: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = "qfold.batch_norm"(%x, %p, %p, %p, %p) : (tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1>>
  return
}
