!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t2 = !quant.uniform<u8:f32, 0.05>

// Requantizing relu with other users of the conv: nothing moves.
func.func @no_fuse_requantizing_multi_use(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> (tensor<1x2x4x4x!t2>, tensor<1x2x4x4x!x>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x> -> tensor<1x2x4x4x!t2>
  return %1, %0 : tensor<1x2x4x4x!t2>, tensor<1x2x4x4x!x>
}
