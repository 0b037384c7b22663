!x = !quant.uniform<u8:f32, 0.05:10>
!w = !quant.uniform<i8:f32, 0.5>

// ReLU6 with scale 0.05 and zero point 10: [10 + 0 / 0.05, 10 + 6 / 0.05] = [10, 130].
func.func @relu6(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}
