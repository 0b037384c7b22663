func.func @no_fuse_not_conv(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %1 = qfold.relu %x : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}
