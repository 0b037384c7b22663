func.func @clamp_clamp_intersect(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x {min = -1.0 : f32, max = 3.0 : f32} : tensor<8xf32>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<8xf32>
  return %1 : tensor<8xf32>
}
