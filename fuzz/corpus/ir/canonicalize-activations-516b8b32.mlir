// relu(clamp(x, min = -5)) is relu(x).
func.func @clamp_then_relu_is_relu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x {min = -5.0 : f32} : tensor<8xf32>
  %1 = qfold.relu %0 : tensor<8xf32>
  return %1 : tensor<8xf32>
}
