func.func @negative_epsilon(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{epsilon must be finite and >= 0, got -1.000000e-05}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-5 : f32} : tensor<1x4x2x2xf32>, tensor<4xf32>
  return
}
