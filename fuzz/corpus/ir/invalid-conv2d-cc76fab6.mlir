func.func @float_bias_type(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>, %b: tensor<2xi32>) {
  // expected-error @+1 {{bias must be f32 on the float form, got 'i32'}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xi32>) -> tensor<1x2x4x4xf32>
  return
}
