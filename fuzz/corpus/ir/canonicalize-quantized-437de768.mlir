!x = !quant.uniform<i8:f32, 0.1:-5>
!w = !quant.uniform<i8:f32, 0.5>

// i8 with zero point -5.
func.func @relu_i8_zp_minus5(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}
