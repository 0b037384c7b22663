func.func @variance_plus_epsilon_negative(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[-0.5, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{variance + epsilon must be > 0, but channel 0 has -0.5 + 0.25 = -0.25}}
  %0 = qfold.batch_norm %x, %g, %b, %b, %v {epsilon = 0.25 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}
