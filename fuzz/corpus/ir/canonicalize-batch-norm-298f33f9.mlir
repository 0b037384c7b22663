// conv2d -> batch_norm => conv2d, through --canonicalize and through the
// qfold-fold pass (which must give the same result).

// s = 3 / sqrt(3 + 1) = 1.5; w' = 1.5 * 2 = 3; b' = 1.5 * (1 - 2) + 0.5 = -1.
func.func @fold_1x1_hand_computed(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %g = arith.constant dense<3.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}
