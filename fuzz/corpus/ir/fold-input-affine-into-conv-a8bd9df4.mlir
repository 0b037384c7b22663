func.func @batch_norm_depthwise(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x5xf32> {
  %gamma = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.25]> : tensor<2xf32>
  %mean = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %0 = qfold.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  %1 = qfold.conv2d %0, %w {groups = 2 : i64, pads = array<i64: 0, 1, 0, 1>} : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x5xf32>
  return %1 : tensor<1x2x3x5xf32>
}
