// Grouped convolutions and depthwise convolutions with a channel multiplier
// have no 1-D decomposition upstream: they are left to the loop lowering.
func.func @not_handled(%x: tensor<1x6x6x2x4xf32>, %w: tensor<2x4x3x3x4xf32>, %y: tensor<1x6x6x4xf32>, %v: tensor<3x3x4x2xf32>) -> (tensor<1x4x4x2x4xf32>, tensor<1x4x4x4x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x2x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x2x4xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x2x4xf32>, tensor<2x4x3x3x4xf32>) outs(%f : tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x2x4xf32>
  %e2 = tensor.empty() : tensor<1x4x4x4x2xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x4x2xf32>
  %d = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%y, %v : tensor<1x6x6x4xf32>, tensor<3x3x4x2xf32>) outs(%f2 : tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x4x2xf32>
  return %c, %d : tensor<1x4x4x2x4xf32>, tensor<1x4x4x4x2xf32>
}
