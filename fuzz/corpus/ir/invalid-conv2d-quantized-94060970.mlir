!q = !quant.uniform<u8:f32, 0.1:128>
!r = !quant.uniform<u8:f32, 0.1:-3>
!w = !quant.uniform<i8:f32, 0.5>
func.func @result_zero_point(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{result has zero point -3 outside its storage range [0, 255]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!r>
  return
}
