!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.1:128>
!t2 = !quant.uniform<u8:f32, 0.05>

// relu (same type) then clamp into another type: the first fuses as
// [128, 255] in T (real [0, 12.7]), which is [0, 254] in T2, then max 6 -> 120.
func.func @relu_then_requantizing_clamp(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t>
  %2 = qfold.clamp %1 {max = 6.0 : f32} : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %2 : tensor<1x2x4x4x!t2>
}
