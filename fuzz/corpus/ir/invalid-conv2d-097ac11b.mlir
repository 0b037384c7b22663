func.func @element_type(%x: tensor<1x1x4x4xf16>, %w: tensor<1x1x1x1xf16>) {
  // expected-error @+1 {{operand #0 must be 4D tensor of 32-bit float or uniform quantized type values}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf16>, tensor<1x1x1x1xf16>) -> tensor<1x1x4x4xf16>
  return
}
