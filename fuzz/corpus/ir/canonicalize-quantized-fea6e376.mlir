!x = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>

// Zero point == qmin: the ReLU is the quantizer's saturation, no clamp left.
func.func @relu_zp_is_qmin(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}
