!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @bias_i16(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2xi16>) {
  // expected-error @+1 {{operand #2 must be 1D tensor of 32-bit float or 32-bit signless integer or uniform quantized type values}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2xi16>) -> tensor<1x2x4x4x!q>
  return
}
