func.func @rank_mismatch(%a: tensor<1x4x3x3xf32>, %b: tensor<4x1x1xf32>) {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  return
}
