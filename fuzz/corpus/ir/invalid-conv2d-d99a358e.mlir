!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
func.func @clamp_outside_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{clamp_max (256) is outside the storage range [0, 255] of the result type}}
  %0 = qfold.conv2d %x, %w {clamp_max = 256} : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}
