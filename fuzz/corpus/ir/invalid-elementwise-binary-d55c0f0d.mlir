func.func @mixed_float_result(%a: tensor<4x!quant.uniform<u8:f32, 0.1>>, %b: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  %0 = qfold.add %a, %b : (tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.1>>) -> tensor<4xf32>
  return
}
