!x = !quant.uniform<i8:f32, 1.0>
!w = !quant.uniform<i8:f32, 0.5>

// A bound outside the storage range is clipped to it: min -1000 -> -128 (the
// default, so no attribute), max 5 -> 5.
func.func @clamp_bound_outside_storage(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.clamp %0 {min = -1000.0 : f32, max = 5.0 : f32} : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}
