// conv -> relu -> clamp(max 6): both absorbed.
func.func @fuse_chain(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.relu %0 : tensor<1x3x4x4xf32>
  %2 = qfold.clamp %1 {max = 6.0 : f32} : tensor<1x3x4x4xf32>
  return %2 : tensor<1x3x4x4xf32>
}
