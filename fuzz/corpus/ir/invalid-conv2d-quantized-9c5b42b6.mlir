!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @integer_form_requant_mode(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{requant_mode is not allowed with an i32 result (the integer form does not requantize)}}
  %0 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4xi32>
  return
}
