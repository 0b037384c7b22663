func.func @no_fuse_multi_use(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.relu %0 : tensor<1x3x4x4xf32>
  return %1, %0 : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}
