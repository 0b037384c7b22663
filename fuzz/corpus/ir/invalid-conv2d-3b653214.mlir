func.func @pads_count(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right), got 2}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
