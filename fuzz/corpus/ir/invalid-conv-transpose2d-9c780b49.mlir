func.func @dynamic(%x: tensor<?x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w : (tensor<?x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<?x2x5x5xf32>
  return
}
