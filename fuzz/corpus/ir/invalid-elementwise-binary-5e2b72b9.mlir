!q = !quant.uniform<u8:f32, 0.1:128>
!i32 = !quant.uniform<i32:f32, 0.01>
func.func @storage_i32(%a: tensor<4x!q>, %b: tensor<4x!i32>) {
  %0 = qfold.add %a, %b : (tensor<4x!q>, tensor<4x!i32>) -> tensor<4x!q>
  return
}
