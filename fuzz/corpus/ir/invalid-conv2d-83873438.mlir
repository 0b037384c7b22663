func.func @clamp_float_nan(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{clamp bounds must not be NaN}}
  %0 = qfold.conv2d %x, %w {clamp_max = 0x7FC00000 : f32} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
