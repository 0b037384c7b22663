func.func @clamp_nan(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = qfold.add %a, %b {clamp_max = 0x7FC00000 : f32} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
