func.func @padded_zero_factor(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<[[[[0.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %0 = qfold.mul %x, %f : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.conv2d %0, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}
