func.func @clamp_empty(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}
