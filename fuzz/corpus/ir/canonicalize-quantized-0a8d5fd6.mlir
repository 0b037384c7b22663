!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.2:128>
!t2 = !quant.uniform<u8:f32, 0.05>

// A ReLU into another type: the conv requantizes straight into the post-ReLU
// type. The pre-ReLU range [-25.6, 25.4] covers all of the post-ReLU type, so
// the quantizer's saturation does the whole ReLU.
func.func @relu_into_post_relu_type(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %1 : tensor<1x2x4x4x!t2>
}
