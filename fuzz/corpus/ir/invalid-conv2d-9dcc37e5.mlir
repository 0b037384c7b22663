func.func @clamp_int_attr_on_float(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{clamp_max must be an f32 value on the float form, got 6 : i64}}
  %0 = qfold.conv2d %x, %w {clamp_max = 6} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
