!q = !quant.uniform<u8:f32, 0.1:128>
func.func @zero_point_outside_storage(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  %0 = qfold.add %a, %b : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!quant.uniform<u8:f32, 0.1:256>>
  return
}
