!q = !quant.uniform<u8:f32, 0.1:128>
!pc = !quant.uniform<u8:f32:0, {0.1:128, 0.2:128}>
func.func @per_axis_operand(%a: tensor<2x4x!q>, %b: tensor<2x4x!pc>) {
  %0 = qfold.add %a, %b : (tensor<2x4x!q>, tensor<2x4x!pc>) -> tensor<2x4x!q>
  return
}
