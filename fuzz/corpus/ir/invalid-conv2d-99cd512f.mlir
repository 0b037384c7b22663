!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
func.func @clamp_float_attr_on_quantized(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{clamp_min must be an integer in the result's storage domain on the quantized form, got 0.000000e+00 : f32}}
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}
