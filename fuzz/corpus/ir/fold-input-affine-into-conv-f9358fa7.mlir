func.func @unpadded_zero_factor(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<[[[[0.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>
  %t = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = qfold.mul %f, %x : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %t, %0 : (tensor<1x1x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.conv2d %1, %w : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %2 : tensor<1x1x3x3xf32>
}
