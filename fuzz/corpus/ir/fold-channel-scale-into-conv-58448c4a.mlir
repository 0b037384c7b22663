func.func @quantized(%a: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>, %b: tensor<1x2x1x1x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.125>> {
  %0 = qfold.mul %a, %b : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.125>>
  return %0 : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.125>>
}
