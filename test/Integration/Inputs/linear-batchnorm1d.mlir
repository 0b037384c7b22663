func.func @gemm_bn1d(%x: tensor<2x8x1x1xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8x1x1xf32>
  %c = qfold.conv2d %x, %w : (tensor<2x8x1x1xf32>, tensor<4x8x1x1xf32>) -> tensor<2x4x1x1xf32>
  %r = tensor.collapse_shape %c [[0], [1, 2, 3]] : tensor<2x4x1x1xf32> into tensor<2x4xf32>
  %s = arith.constant dense<[1.0, 2.0, -1.0, 0.5]> : tensor<4xf32>
  %b = arith.constant dense<0.25> : tensor<4xf32>
  %m = arith.constant dense<0.1> : tensor<4xf32>
  %v = arith.constant dense<4.0> : tensor<4xf32>
  %y = qfold.batch_norm %r, %s, %b, %m, %v {epsilon = 0.0 : f32} : tensor<2x4xf32>, tensor<4xf32>
  %z = qfold.relu %y : tensor<2x4xf32>
  return %z : tensor<2x4xf32>
}
