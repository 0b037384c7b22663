func.func @result_broadcasts_beyond_operands(%a: tensor<2x1xf32>, %b: tensor<2x1xf32>) {
  %0 = qfold.add %a, %b : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return
}
