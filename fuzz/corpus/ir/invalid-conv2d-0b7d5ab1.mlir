!q = !quant.uniform<u8:f32, 0.1:128>
func.func @mixed_result(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!q>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type '!quant.uniform<u8:f32, 1.000000e-01:128>' but result has 'f32'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!q>) -> tensor<1x1x4x4xf32>
  return
}
