func.func @kernel_larger_than_input(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{the dilated kernel height (5) exceeds the padded input height (4)}}
  %0 = qfold.conv2d %x, %w {dilations = array<i64: 2, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x2xf32>
  return
}
