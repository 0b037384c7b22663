!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32:1, {0.5}>
func.func @filter_wrong_axis(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{filter must be quantized per tensor or per output channel (axis 0), got axis 1}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4x!q>
  return
}
