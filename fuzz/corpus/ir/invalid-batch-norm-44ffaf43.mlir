func.func @inf_bias(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0x7F800000> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{bias of channel 0 is not finite (inf)}}
  %0 = qfold.batch_norm %x, %g, %b, %g, %v : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}
