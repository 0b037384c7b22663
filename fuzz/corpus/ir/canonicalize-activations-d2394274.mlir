func.func @fuse_relu6(%x: tensor<1x2x4x4xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x2x2xf32> {
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x2x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x2x2xf32>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}
