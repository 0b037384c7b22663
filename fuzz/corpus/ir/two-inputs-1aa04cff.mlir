func.func @add_relu(%x: tensor<2x3xf32>, %y: tensor<?x3x!quant.uniform<u8:f32, 0.5:3>>) -> (tensor<2x3xf32>, tensor<?x3x!quant.uniform<u8:f32, 0.5:3>>) {
  %0 = qfold.relu %x : tensor<2x3xf32>
  %1 = qfold.relu %y : tensor<?x3x!quant.uniform<u8:f32, 0.5:3>>
  return %0, %1 : tensor<2x3xf32>, tensor<?x3x!quant.uniform<u8:f32, 0.5:3>>
}
func.func @other(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
