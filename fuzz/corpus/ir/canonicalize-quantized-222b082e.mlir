!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>

// An existing integer range composes with the new one: [100, 200] then
// ReLU at 128 gives [128, 200].
func.func @compose_with_existing_range(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w {clamp_min = 100, clamp_max = 200} : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}
