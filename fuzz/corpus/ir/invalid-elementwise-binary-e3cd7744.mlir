!q = !quant.uniform<u8:f32, 0.1:128>
func.func @div_tflite(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  %0 = qfold.div %a, %b {requant_mode = #qfold.requant_mode<tflite>} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}
