func.func @batch_norm_relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<0.0> : tensor<2xf32>
  %0 = qfold.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
  %1 = qfold.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x5x5xf32>, tensor<2xf32>
  %2 = qfold.relu %1 : tensor<1x2x5x5xf32>
  return %2 : tensor<1x2x5x5xf32>
}
