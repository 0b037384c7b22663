func.func @float_clamp_integer(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = qfold.add %a, %b {clamp_min = 0} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
