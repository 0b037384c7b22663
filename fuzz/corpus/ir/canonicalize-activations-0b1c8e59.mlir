// The whole block conv -> batch_norm -> relu becomes one conv.
func.func @conv_bn_relu_block(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %g = arith.constant dense<3.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  %2 = qfold.relu %1 : tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}
