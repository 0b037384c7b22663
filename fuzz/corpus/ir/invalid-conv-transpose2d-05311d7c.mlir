func.func @output_padding_too_large(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, output_padding = array<i64: 1, 2>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x9xf32>
  return
}
