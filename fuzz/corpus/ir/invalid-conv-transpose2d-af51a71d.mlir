func.func @empty_dimension(%x: tensor<1x1x0x1xf32>, %w: tensor<1x1x3x1xf32>) {
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 2, 1>} : (tensor<1x1x0x1xf32>, tensor<1x1x3x1xf32>) -> tensor<1x1x1x1xf32>
  return
}
