func.func @result_shape(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x6xf32>
  return
}
