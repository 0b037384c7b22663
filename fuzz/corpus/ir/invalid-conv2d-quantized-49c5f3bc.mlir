!q = !quant.uniform<u8:f32, 0.1:300>
!w = !quant.uniform<i8:f32, 0.5>
func.func @zero_point_above_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input has zero point 300 outside its storage range [0, 255]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}
