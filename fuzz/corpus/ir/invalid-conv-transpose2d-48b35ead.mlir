func.func @bias_size(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x3x3xf32>, %b: tensor<2xf32>) {
  %0 = qfold.conv_transpose2d %x, %w, %b : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x3x5x5xf32>
  return
}
