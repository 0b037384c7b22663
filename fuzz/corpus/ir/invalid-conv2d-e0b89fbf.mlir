func.func @wrong_output_size(%x: tensor<1x1x7x7xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{result shape [1, 1, 4, 4] does not match the shape the operands and attributes give, [1, 1, 3, 3]}}
  %0 = qfold.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return
}
