func.func @inf_mean(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %m = arith.constant dense<[0.0, 0xFF800000]> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{mean of channel 1 is not finite (-inf)}}
  %0 = qfold.batch_norm %x, %g, %b, %m, %v : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}
