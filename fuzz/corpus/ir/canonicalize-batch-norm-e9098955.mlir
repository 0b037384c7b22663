// Constant weights but statistics from arguments, no conv bias: b' = s * -mean + beta.
func.func @fold_non_constant_statistics(%x: tensor<?x1x2x2xf32>, %g: tensor<2xf32>, %beta: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<?x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<?x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<?x2x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v : tensor<?x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<?x2x2x2xf32>
}
