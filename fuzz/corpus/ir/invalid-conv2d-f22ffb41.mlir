func.func @dynamic_filter(%x: tensor<1x1x4x4xf32>, %w: tensor<?x1x1x1xf32>) {
  // expected-error @+1 {{filter must have a static shape, got 'tensor<?x1x1x1xf32>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<?x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
