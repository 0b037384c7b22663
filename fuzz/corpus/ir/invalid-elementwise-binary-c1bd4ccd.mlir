func.func @div_clamp_empty(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = qfold.div %a, %b {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
