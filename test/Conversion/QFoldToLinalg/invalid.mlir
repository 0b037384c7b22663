// What the lowering refuses, with a diagnostic at the op.
// RUN: qfold-opt %s -split-input-file -convert-qfold-to-linalg -verify-diagnostics

// 4096 input channels x 3 x 3 products of |x - 0| <= 255 and |w - 0| <= 255
// (u8 both) can reach 2.4e9: the i32 accumulator cannot hold them.
!x = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<u8:f32, 0.1>
func.func @accumulator_overflow(%x: tensor<1x4096x3x3x!x>, %w: tensor<1x4096x3x3x!w>) -> tensor<1x1x1x1x!x> {
  // expected-error @+1 {{the int32 accumulator of output channel 0 can overflow: 36864 products of |x - x_zp| <= 255 and weights with sum |w - w_zp| <= 9400320 reach 2397081600 > 2147483647}}
  %0 = qfold.conv2d %x, %w : (tensor<1x4096x3x3x!x>, tensor<1x4096x3x3x!w>) -> tensor<1x1x1x1x!x>
  return %0 : tensor<1x1x1x1x!x>
}

// -----

// M = 0.5 * 1e5 / 1e-5 = 5e9 does not fit a Q31 multiplier and shift.
!x = !quant.uniform<u8:f32, 0.5>
!w = !quant.uniform<i8:f32, 100000.0>
!y = !quant.uniform<u8:f32, 0.00001>
func.func @unrepresentable_multiplier(%x: tensor<1x1x2x2x!x>, %w: tensor<1x1x1x1x!w>) -> tensor<1x1x2x2x!y> {
  // expected-error @+1 {{requantization multiplier 5.000000e+09 of channel 0 cannot be represented as a Q31 multiplier and shift (it must be in (0, 2^30))}}
  %0 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<tflite>} : (tensor<1x1x2x2x!x>, tensor<1x1x1x1x!w>) -> tensor<1x1x2x2x!y>
  return %0 : tensor<1x1x2x2x!y>
}

// -----

// A requantizing relu from scale 1e4 to 1e-6: M = 1e10.
func.func @unrepresentable_relu(%x: tensor<4x!quant.uniform<u8:f32, 10000.0>>) -> tensor<4x!quant.uniform<u8:f32, 0.000001>> {
  // expected-error @+1 {{requantization multiplier 1.000000e+10 of channel 0 cannot be represented as a Q31 multiplier and shift (it must be in (0, 2^30))}}
  %0 = qfold.relu %x : tensor<4x!quant.uniform<u8:f32, 10000.0>> -> tensor<4x!quant.uniform<u8:f32, 0.000001>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.000001>>
}
