func.func @wrong_output_channels(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) {
  // expected-error @+1 {{result shape [1, 3, 4, 4] does not match the shape the operands and attributes give, [1, 2, 4, 4]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x3x4x4xf32>
  return
}
