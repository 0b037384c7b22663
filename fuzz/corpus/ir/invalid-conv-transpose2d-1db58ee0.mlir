func.func @filter_channels(%x: tensor<1x2x3x3xf32>, %w: tensor<3x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}
