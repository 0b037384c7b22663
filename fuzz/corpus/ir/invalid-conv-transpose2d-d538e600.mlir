func.func @stride_zero(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}
