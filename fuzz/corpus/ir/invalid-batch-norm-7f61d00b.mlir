func.func @dynamic_channels(%x: tensor<1x?x2x2xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{the channel dimension (1) of the input must be static}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<1x?x2x2xf32>, tensor<4xf32>
  return
}
