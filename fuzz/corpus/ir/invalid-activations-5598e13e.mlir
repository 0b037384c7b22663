func.func @clamp_empty(%x: tensor<4xf32>) {
  // expected-error @+1 {{min (6.000000e+00) must be <= max (0.000000e+00)}}
  %0 = qfold.clamp %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return
}
