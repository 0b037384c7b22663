func.func @divide(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.25]> : tensor<2xf32>
  %c = arith.constant dense<[[[[2.0]], [[0.25]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.div %0, %c {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}
