!x = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32, 0.5>

// Ties round to even: -0.625 / 0.25 = -2.5 -> -2 and 0.875 / 0.25 = 3.5 -> 4,
// so the range is [3 - 2, 3 + 4] = [1, 7].
func.func @clamp_rounds_half_to_even(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.clamp %0 {min = -0.625 : f32, max = 0.875 : f32} : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}
