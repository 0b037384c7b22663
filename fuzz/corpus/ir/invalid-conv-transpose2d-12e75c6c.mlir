func.func @negative_pad(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w {pads = array<i64: -1, 0, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x5xf32>
  return
}
