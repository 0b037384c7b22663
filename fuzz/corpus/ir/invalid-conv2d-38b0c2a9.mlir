!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
func.func @clamp_quantized_empty(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{clamp_min (200) must be <= clamp_max (100)}}
  %0 = qfold.conv2d %x, %w {clamp_min = 200, clamp_max = 100} : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}
