func.func @requant_mode_on_float(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = qfold.add %a, %b {requant_mode = #qfold.requant_mode<onnx>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
