func.func @mapped_filter(%w: tensor<1x1x1x1xf32>, %x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %0 = qfold.mul %w, %f : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %1 = qfold.conv2d %x, %0 : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}
