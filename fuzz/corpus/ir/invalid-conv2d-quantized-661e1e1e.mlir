!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @bias_float_on_quantized(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2xf32>) {
  // expected-error @+1 {{bias must be i32 on the quantized form, got f32}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2xf32>) -> tensor<1x2x4x4x!q>
  return
}
