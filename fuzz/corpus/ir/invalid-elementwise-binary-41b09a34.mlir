func.func @not_broadcastable(%a: tensor<1x4x3x3xf32>, %b: tensor<1x2x3x3xf32>) {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}
