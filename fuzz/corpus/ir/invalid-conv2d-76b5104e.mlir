func.func @out_channels_not_multiple_of_groups(%x: tensor<1x4x4x4xf32>, %w: tensor<3x2x1x1xf32>) {
  // expected-error @+1 {{output channels (filter dimension 0 = 3) must be a multiple of groups (2)}}
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x4x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  return
}
