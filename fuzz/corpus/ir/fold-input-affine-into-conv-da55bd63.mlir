func.func @clamped_map(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %c = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = qfold.add %x, %c {clamp_min = 0.0 : f32} : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}
