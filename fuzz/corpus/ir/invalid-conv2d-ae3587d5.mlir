func.func @dilations_non_positive(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{dilations must be positive, got [1, -2]}}
  %0 = qfold.conv2d %x, %w {dilations = array<i64: 1, -2>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
