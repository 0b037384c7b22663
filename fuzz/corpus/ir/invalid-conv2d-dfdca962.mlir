func.func @dilations_count(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{expects 2 dilations (height, width), got 1}}
  %0 = qfold.conv2d %x, %w {dilations = array<i64: 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
