func.func @groups_divide(%x: tensor<1x3x3x3xf32>, %w: tensor<3x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w {groups = 2 : i64} : (tensor<1x3x3x3xf32>, tensor<3x2x3x3xf32>) -> tensor<1x4x5x5xf32>
  return
}
