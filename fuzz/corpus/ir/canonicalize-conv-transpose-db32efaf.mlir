func.func @clamp_before(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qfold.conv_transpose2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.batch_norm %0, %p, %p, %p, %p {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %1 : tensor<1x2x3x3xf32>
}
