func.func @clamp_float_empty(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{clamp_min (6.000000e+00) must be <= clamp_max (1.000000e+00)}}
  %0 = qfold.conv2d %x, %w {clamp_min = 6.0 : f32, clamp_max = 1.0 : f32} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
