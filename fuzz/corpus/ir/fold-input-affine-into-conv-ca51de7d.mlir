func.func @normalization(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %m = arith.constant dense<[[[[0.5]], [[-1.0]]]]> : tensor<1x2x1x1xf32>
  %s = arith.constant dense<[[[[2.0]], [[0.25]]]]> : tensor<1x2x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %b = arith.constant dense<[0.5]> : tensor<1xf32>
  %0 = qfold.sub %x, %m : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.div %0, %s : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.conv2d %1, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  return %2 : tensor<1x1x3x3xf32>
}
