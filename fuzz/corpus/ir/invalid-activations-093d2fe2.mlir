func.func @clamp_bound_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'max' failed to satisfy constraint: 32-bit float attribute}}
  %0 = qfold.clamp %x {max = 6 : i32} : tensor<4xf32>
  return
}
