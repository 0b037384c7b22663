func.func @shift(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.25]> : tensor<2xf32>
  %c = arith.constant dense<[[[[0.25]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %c, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.relu %1 : tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}
