func.func @clamp_mixed(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{mixed float and quantized operands}}
  %0 = qfold.clamp %x {max = 6.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4xf32>
  return
}
