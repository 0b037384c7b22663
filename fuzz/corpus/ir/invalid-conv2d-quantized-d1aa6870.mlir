!q = !quant.uniform<u8:f32:1, {0.1}>
!r = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @input_per_axis(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input must be quantized per tensor, got '!quant.uniform<u8:f32:1, {1.000000e-01}>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!r>
  return
}
