// An already fused range composes with the new one: [0, +inf) then [-1, 6].
func.func @fuse_into_already_fused(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.clamp %0 {min = -1.0 : f32, max = 6.0 : f32} : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}
