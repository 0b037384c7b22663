func.func @channels_not_multiple_of_groups(%x: tensor<1x3x4x4xf32>, %w: tensor<4x1x1x1xf32>) {
  // expected-error @+1 {{input channels (3) must be a multiple of groups (2)}}
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x3x4x4xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  return
}
