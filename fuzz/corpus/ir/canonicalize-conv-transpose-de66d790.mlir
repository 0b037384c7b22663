func.func @not_per_channel(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = arith.constant dense<2.0> : tensor<1x2x3x3xf32>
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %s : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %3 = qfold.div %c, %2 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %1, %3 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}
