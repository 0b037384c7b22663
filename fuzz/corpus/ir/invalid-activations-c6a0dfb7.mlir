// One case per relu/clamp verifier rule.

func.func @relu_mixed(%x: tensor<4xf32>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type 'f32' but result has '!quant.uniform<u8:f32, 1.000000e-01>'}}
  %0 = qfold.relu %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}
