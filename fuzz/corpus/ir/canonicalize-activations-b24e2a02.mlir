func.func @relu_then_clamp(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.relu %x : tensor<8xf32>
  %1 = qfold.clamp %0 {max = 6.0 : f32} : tensor<8xf32>
  return %1 : tensor<8xf32>
}
