!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25, 0.125}>
func.func @filter_wrong_scale_count(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{filter has 3 per-channel scales, expected one per output channel (2)}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4x!q>
  return
}
