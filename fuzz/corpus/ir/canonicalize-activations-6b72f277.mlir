// Float conv2d -> relu/clamp => conv2d with a fused range, and relu/clamp
// chains merged, through --canonicalize and through the qfold-fold pass.

func.func @fuse_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %b: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.relu %0 : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}
