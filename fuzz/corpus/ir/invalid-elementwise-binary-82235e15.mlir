func.func @sub_not_broadcastable(%a: tensor<1x4xf32>, %b: tensor<1x2xf32>) {
  %0 = qfold.sub %a, %b : (tensor<1x4xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return
}
