!i = !quant.uniform<i8:f32, 0.1>
!u = !quant.uniform<u8:f32, 0.1:128>
func.func @quantized_clamp_below_result_storage(%a: tensor<4x!i>, %b: tensor<4x!i>) {
  %0 = qfold.add %a, %b {clamp_min = -1} : (tensor<4x!i>, tensor<4x!i>) -> tensor<4x!u>
  return
}
