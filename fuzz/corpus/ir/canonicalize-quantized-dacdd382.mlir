// Quantized conv2d -> relu/clamp => conv2d with an integer clamp range in the
// activation's result type. Bounds use qfold's one rounding rule:
// q = clamp(zp + round_half_to_even(r / scale), qmin, qmax).

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!t = !quant.uniform<u8:f32, 0.1:128>

// u8 with zero point 128: ReLU clamps at 128, not at literal 0.
func.func @relu_u8_zp128(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>, %b: tensor<2xi32>) -> tensor<1x2x4x4x!t> {
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>, tensor<2xi32>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t>
  return %1 : tensor<1x2x4x4x!t>
}
