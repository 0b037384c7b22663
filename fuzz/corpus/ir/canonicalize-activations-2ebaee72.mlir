// clamp(clamp(x, 0, 1), 2, 3) == 2 everywhere.
func.func @clamp_clamp_disjoint(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x {min = 0.0 : f32, max = 1.0 : f32} : tensor<8xf32>
  %1 = qfold.clamp %0 {min = 2.0 : f32, max = 3.0 : f32} : tensor<8xf32>
  return %1 : tensor<8xf32>
}
