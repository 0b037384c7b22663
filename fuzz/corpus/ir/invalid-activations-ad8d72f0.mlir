func.func @clamp_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{min and max must not be NaN}}
  %0 = qfold.clamp %x {min = 0x7FC00000 : f32} : tensor<4xf32>
  return
}
