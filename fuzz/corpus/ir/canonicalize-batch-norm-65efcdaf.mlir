// Grouped conv (groups = 2, O = 2): channel c of the BatchNorm scales filter
// slice c only.
func.func @fold_grouped(%x: tensor<1x4x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %g = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x4x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}
