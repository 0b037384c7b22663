func.func @pads_negative(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{pads must be non-negative, got [0, -1, 0, 0]}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 0, -1, 0, 0>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
