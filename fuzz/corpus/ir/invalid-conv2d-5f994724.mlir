// One case per conv2d verifier rule.

func.func @strides_count(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{expects 2 strides (height, width), got 3}}
  %0 = qfold.conv2d %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
