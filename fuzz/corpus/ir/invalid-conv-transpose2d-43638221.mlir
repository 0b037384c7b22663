func.func @quantized(%x: tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1>>, %w: tensor<2x2x3x3xf32>) {
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1>>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}
