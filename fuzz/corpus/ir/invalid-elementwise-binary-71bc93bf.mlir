!q = !quant.uniform<i8:f32, 0.1>
func.func @quantized_clamp_max_above_storage(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  %0 = qfold.add %a, %b {clamp_max = 128} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}
