func.func @other_user(%x: tensor<1x1x3x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) {
  %f = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = qfold.mul %x, %f : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0, %1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>
}
