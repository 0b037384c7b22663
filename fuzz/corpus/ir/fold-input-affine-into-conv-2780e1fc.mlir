func.func @composed_padding(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = qfold.mul %x, %f : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.sub %c, %0 : (tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %2 = qfold.conv2d %1, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %2 : tensor<1x1x3x3xf32>
}
