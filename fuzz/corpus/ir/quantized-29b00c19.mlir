func.func @qconv(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>, %b: tensor<3xi32>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 0.2:10>> {
  %wi = arith.constant dense<[[[[1]], [[2]]], [[[-3]], [[4]]], [[[5]], [[-6]]]]> : tensor<3x2x1x1xi8>
  %w = quant.scast %wi : tensor<3x2x1x1xi8> to tensor<3x2x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>, tensor<3x2x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>, tensor<3xi32>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 0.2:10>>
  %1 = qfold.relu %0 : tensor<1x3x4x4x!quant.uniform<u8:f32, 0.2:10>>
  return %1 : tensor<1x3x4x4x!quant.uniform<u8:f32, 0.2:10>>
}
