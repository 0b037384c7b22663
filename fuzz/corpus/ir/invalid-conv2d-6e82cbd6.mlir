func.func @dynamic_spatial_input(%x: tensor<1x1x?x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{input channel and spatial dimensions must be static, got 'tensor<1x1x?x4xf32>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x?x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
