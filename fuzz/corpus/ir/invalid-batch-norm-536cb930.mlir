func.func @nan_scale(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<[1.0, 0x7FC00000]> : tensor<2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{scale of channel 1 is not finite (nan)}}
  %0 = qfold.batch_norm %x, %g, %b, %b, %v : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}
