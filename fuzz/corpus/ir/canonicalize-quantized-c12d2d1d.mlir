!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.1:128>
!t2 = !quant.uniform<i8:f32, 0.05:-100>

// ReLU6 into an i8 type with zero point -100: [-100, -100 + 6 / 0.05] = [-100, 20].
func.func @relu6_into_i8_type(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %1 : tensor<1x2x4x4x!t2>
}
