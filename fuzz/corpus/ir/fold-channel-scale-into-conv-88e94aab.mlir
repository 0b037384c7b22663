func.func @scale_then_shift(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.25]> : tensor<2xf32>
  %s = arith.constant dense<[[[[3.0]], [[-0.5]]]]> : tensor<1x2x1x1xf32>
  %t = arith.constant dense<[[[[0.25]], [[0.375]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %s, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.add %1, %t : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %3 = qfold.relu %2 : tensor<1x2x3x3xf32>
  return %3 : tensor<1x2x3x3xf32>
}
