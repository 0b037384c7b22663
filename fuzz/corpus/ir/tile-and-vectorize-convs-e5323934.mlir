// 7 columns x 12 channels: one 8-lane vector per column leaves 12 columns,
// so all 7 columns; 12 channels are not a multiple of 8, so a tile of 8 and
// a peeled remainder of 4 (each loop has one iteration and folds away), both
// vectorized with static shapes.
func.func @peeled_channels(%x: tensor<1x9x9x3xi8>, %w: tensor<3x3x3x12xi16>) -> tensor<1x7x7x12xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x7x7x12xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x7x7x12xi32>) -> tensor<1x7x7x12xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x3xi8>, tensor<3x3x3x12xi16>) outs(%f : tensor<1x7x7x12xi32>) -> tensor<1x7x7x12xi32>
  return %c : tensor<1x7x7x12xi32>
}
