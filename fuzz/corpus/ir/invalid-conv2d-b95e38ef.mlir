func.func @wrong_batch(%x: tensor<2x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{result shape [1, 1, 4, 4] does not match the shape the operands and attributes give, [2, 1, 4, 4]}}
  %0 = qfold.conv2d %x, %w : (tensor<2x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
