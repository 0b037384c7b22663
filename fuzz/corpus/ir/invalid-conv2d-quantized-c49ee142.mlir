!q = !quant.uniform<i16:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @storage_width(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input must have i8 or u8 storage, got i16}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}
