!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05}>
func.func @bias_wrong_scale(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias scale of output channel 1 is 5.000000e-02, expected input_scale * filter_scale = 2.500000e-02}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}
