func.func @relu_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{requires the same shape for all operands and results}}
  %0 = qfold.relu %x : tensor<4xf32> -> tensor<5xf32>
  return
}
