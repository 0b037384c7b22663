func.func @strides_non_positive(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{strides must be positive, got [0, 1]}}
  %0 = qfold.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
