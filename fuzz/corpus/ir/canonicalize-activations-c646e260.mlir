func.func @relu_relu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.relu %x : tensor<8xf32>
  %1 = qfold.relu %0 : tensor<8xf32>
  return %1 : tensor<8xf32>
}
