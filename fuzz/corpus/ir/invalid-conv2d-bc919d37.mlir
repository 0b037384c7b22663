func.func @dynamic_result_channels(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{result channel and spatial dimensions must be static, got 'tensor<1x?x4x4xf32>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x?x4x4xf32>
  return
}
