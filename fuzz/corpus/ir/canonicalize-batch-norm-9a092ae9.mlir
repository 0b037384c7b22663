// A constant that another op also uses is not modified: a new one is made.
func.func @fold_shared_filter_constant(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>
}
