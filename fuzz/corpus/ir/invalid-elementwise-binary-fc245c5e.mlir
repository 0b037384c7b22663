!q = !quant.uniform<u8:f32, 0.1:128>
!pc = !quant.uniform<u8:f32:1, {0.1:128, 0.2:128, 0.3:128, 0.4:128}>
func.func @per_axis_result(%a: tensor<2x4x!q>, %b: tensor<2x4x!q>) {
  %0 = qfold.add %a, %b : (tensor<2x4x!q>, tensor<2x4x!q>) -> tensor<2x4x!pc>
  return
}
