func.func @defaults(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

func.func @all_attributes(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x7x10xf32> {
  %0 = qfold.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 3>, dilations = array<i64: 2, 1>, pads = array<i64: 1, 0, 2, 1>, output_padding = array<i64: 1, 2>, groups = 2 : i64, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x10xf32>
  return %0 : tensor<1x6x7x10xf32>
}
