!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<u32:f32, 0.05>
func.func @bias_unsigned(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias must have signed i32 storage}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}
