func.func @filter_channels_per_group(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x1x1xf32>) {
  // expected-error @+1 {{filter dimension 1 is 4, expected input channels / groups = 4 / 2 = 2}}
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return
}
