!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.01:128>
!t2 = !quant.uniform<u8:f32, 0.1>

// The saturation of the pre-ReLU type is kept: its real range [-1.28, 1.27]
// is [0, 13] in the post-ReLU type (1.27 / 0.1 = 12.7 -> 13).
func.func @relu_into_wider_type_keeps_saturation(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %1 : tensor<1x2x4x4x!t2>
}
