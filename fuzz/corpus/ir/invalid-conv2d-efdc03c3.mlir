func.func @requant_mode_on_float(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{requant_mode is only meaningful on the quantized form}}
  %0 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
