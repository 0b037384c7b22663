!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<i32:f32, 0.05:7>
func.func @bias_zero_point(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias zero point must be 0, got 7}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}
