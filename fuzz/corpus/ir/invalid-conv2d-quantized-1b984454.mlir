// One case per rule on the types of the quantized conv2d form.

!q = !quant.uniform<u8:f16, 0.1:128>
!w = !quant.uniform<i8:f16, 0.5>
func.func @expressed_type(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input must have an f32 expressed type, got 'f16'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}
