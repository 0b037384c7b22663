// Depthwise with channel multiplier 2 (C = 2, groups = 2, O = 4): each of the
// four output channels is scaled by its own factor s = gamma (variance 1,
// epsilon 0), along filter axis 0.
func.func @fold_depthwise_multiplier(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]], [[[7.0, 8.0]]]]> : tensor<4x1x1x2xf32>
  %b = arith.constant dense<[1.0, 0.0, 1.0, 1.0]> : tensor<4xf32>
  %g = arith.constant dense<[1.0, 2.0, -3.0, 0.5]> : tensor<4xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %one = arith.constant dense<1.0> : tensor<4xf32>
  %0 = qfold.conv2d %x, %w, %b {groups = 2} : (tensor<1x2x3x3xf32>, tensor<4x1x1x2xf32>, tensor<4xf32>) -> tensor<1x4x3x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x4x3x2xf32>, tensor<4xf32>
  return %1 : tensor<1x4x3x2xf32>
}
