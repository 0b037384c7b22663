!q = !quant.uniform<u8:f32, 0.1:128>
func.func @mixed_filter(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1x!q>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type 'f32' but filter has '!quant.uniform<u8:f32, 1.000000e-01:128>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1x!q>) -> tensor<1x1x4x4xf32>
  return
}
