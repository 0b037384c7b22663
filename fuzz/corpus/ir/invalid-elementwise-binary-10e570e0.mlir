func.func @mixed_float_lhs(%a: tensor<4xf32>, %b: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  %0 = qfold.add %a, %b : (tensor<4xf32>, tensor<4x!quant.uniform<u8:f32, 0.1>>) -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}
