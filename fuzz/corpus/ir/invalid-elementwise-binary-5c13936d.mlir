func.func @result_shape(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x1x1xf32>) {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  return
}
