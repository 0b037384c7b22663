!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.05}>
func.func @bias_scale_count(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias has 3 per-channel scales, expected 2}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}
