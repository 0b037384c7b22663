!q = !quant.uniform<u8:f32, 0.1:128>
func.func @quantized_clamp_above_storage(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  %0 = qfold.add %a, %b {clamp_min = 300} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}
