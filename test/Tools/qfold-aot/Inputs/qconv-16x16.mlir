!x = !quant.uniform<u8:f32, 0.05:128>
!w = !quant.uniform<i8:f32, 0.02>
!y = !quant.uniform<u8:f32, 0.1:100>
func.func @layer(%x: tensor<1x16x8x8x!x>) -> tensor<1x16x8x8x!y> {
  %wi = arith.constant dense<3> : tensor<16x16x3x3xi8>
  %w = quant.scast %wi : tensor<16x16x3x3xi8> to tensor<16x16x3x3x!w>
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x16x8x8x!x>, tensor<16x16x3x3x!w>) -> tensor<1x16x8x8x!y>
  return %0 : tensor<1x16x8x8x!y>
}
