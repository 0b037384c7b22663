func.func @param_count(%x: tensor<1x4x2x2xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{scale, bias, mean and variance have 3 elements, expected one per channel (4)}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<1x4x2x2xf32>, tensor<3xf32>
  return
}
