// A disjoint clamp after a fused range makes the conv a constant: the range
// collapses to one point instead of becoming empty.
func.func @fuse_disjoint_range(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32, clamp_max = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.clamp %0 {min = 2.0 : f32, max = 3.0 : f32} : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}
