func.func @dynamic_params(%x: tensor<1x4x2x2xf32>, %p: tensor<?xf32>) {
  // expected-error @+1 {{scale, bias, mean and variance must have a static shape, got 'tensor<?xf32>'}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<1x4x2x2xf32>, tensor<?xf32>
  return
}
