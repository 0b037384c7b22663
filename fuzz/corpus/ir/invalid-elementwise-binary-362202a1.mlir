!q = !quant.uniform<u8:f32, 0.1:128>
!h = !quant.uniform<u8:f16, 0.1:128>
func.func @expressed_type(%a: tensor<4x!h>, %b: tensor<4x!q>) {
  %0 = qfold.add %a, %b : (tensor<4x!h>, tensor<4x!q>) -> tensor<4x!q>
  return
}
