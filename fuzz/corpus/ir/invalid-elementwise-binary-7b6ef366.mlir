!q = !quant.uniform<u8:f32, 0.1:128>
!i16 = !quant.uniform<i16:f32, 0.01>
func.func @storage_i16_result(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  %0 = qfold.add %a, %b : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!i16>
  return
}
