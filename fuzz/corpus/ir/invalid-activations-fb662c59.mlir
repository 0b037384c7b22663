func.func @clamp_expressed_type(%x: tensor<4x!quant.uniform<u8:bf16, 0.1>>) {
  // expected-error @+1 {{input must have an f32 expressed type, got 'bf16'}}
  %0 = qfold.clamp %x {max = 6.0 : f32} : tensor<4x!quant.uniform<u8:bf16, 0.1>>
  return
}
