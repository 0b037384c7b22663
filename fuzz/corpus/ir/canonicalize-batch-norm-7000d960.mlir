// Without a bias, b' = s * (0 - mean) + beta: s = [2, 0.5] (4/sqrt(4), 1/sqrt(4)),
// b' = [2 * -1 + 4, 0.5 * -2 + 0] = [2, -1].
func.func @fold_without_bias(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[-1.0]]], [[[3.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %g = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[4.0, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 4.0]> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}
