!q = !quant.uniform<u8:f32, 0.1:128>
func.func @quantized_clamp_float(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  %0 = qfold.add %a, %b {clamp_max = 6.0 : f32} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}
