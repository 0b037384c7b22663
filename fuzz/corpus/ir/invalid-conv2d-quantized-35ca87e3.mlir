!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5:0, 0.25:-129}>
func.func @filter_zero_point_below_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{filter has zero point -129 outside its storage range [-128, 127]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4x!q>
  return
}
