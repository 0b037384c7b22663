// One case per conv2d verifier rule.
// RUN: qfold-opt %s -split-input-file -verify-diagnostics

func.func @strides_count(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{expects 2 strides (height, width), got 3}}
  %0 = qfold.conv2d %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @strides_non_positive(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{strides must be positive, got [0, 1]}}
  %0 = qfold.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @dilations_count(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{expects 2 dilations (height, width), got 1}}
  %0 = qfold.conv2d %x, %w {dilations = array<i64: 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @dilations_non_positive(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{dilations must be positive, got [1, -2]}}
  %0 = qfold.conv2d %x, %w {dilations = array<i64: 1, -2>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @pads_count(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right), got 2}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @pads_negative(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{pads must be non-negative, got [0, -1, 0, 0]}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 0, -1, 0, 0>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @groups_non_positive(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{groups must be positive, got -1}}
  %0 = qfold.conv2d %x, %w {groups = -1} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @channels_not_multiple_of_groups(%x: tensor<1x3x4x4xf32>, %w: tensor<4x1x1x1xf32>) {
  // expected-error @+1 {{input channels (3) must be a multiple of groups (2)}}
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x3x4x4xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @out_channels_not_multiple_of_groups(%x: tensor<1x4x4x4xf32>, %w: tensor<3x2x1x1xf32>) {
  // expected-error @+1 {{output channels (filter dimension 0 = 3) must be a multiple of groups (2)}}
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x4x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @filter_channels_per_group(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x1x1xf32>) {
  // expected-error @+1 {{filter dimension 1 is 4, expected input channels / groups = 4 / 2 = 2}}
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @kernel_larger_than_input(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{the dilated kernel height (5) exceeds the padded input height (4)}}
  %0 = qfold.conv2d %x, %w {dilations = array<i64: 2, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x2xf32>
  return
}

// -----

func.func @wrong_output_size(%x: tensor<1x1x7x7xf32>, %w: tensor<1x1x3x3xf32>) {
  // expected-error @+1 {{result shape [1, 1, 4, 4] does not match the shape the operands and attributes give, [1, 1, 3, 3]}}
  %0 = qfold.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x1x7x7xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @wrong_output_channels(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) {
  // expected-error @+1 {{result shape [1, 3, 4, 4] does not match the shape the operands and attributes give, [1, 2, 4, 4]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @wrong_batch(%x: tensor<2x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{result shape [1, 1, 4, 4] does not match the shape the operands and attributes give, [2, 1, 4, 4]}}
  %0 = qfold.conv2d %x, %w : (tensor<2x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @dynamic_spatial_input(%x: tensor<1x1x?x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{input channel and spatial dimensions must be static, got 'tensor<1x1x?x4xf32>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x?x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @dynamic_filter(%x: tensor<1x1x4x4xf32>, %w: tensor<?x1x1x1xf32>) {
  // expected-error @+1 {{filter must have a static shape, got 'tensor<?x1x1x1xf32>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<?x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @dynamic_result_channels(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{result channel and spatial dimensions must be static, got 'tensor<1x?x4x4xf32>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x?x4x4xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{bias has 3 elements, expected one per output channel (2)}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<3xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @float_bias_type(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>, %b: tensor<2xi32>) {
  // expected-error @+1 {{bias must be f32 on the float form, got 'i32'}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xi32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @rank(%x: tensor<1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{operand #0 must be 4D tensor}}
  %0 = qfold.conv2d %x, %w : (tensor<1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @element_type(%x: tensor<1x1x4x4xf16>, %w: tensor<1x1x1x1xf16>) {
  // expected-error @+1 {{operand #0 must be 4D tensor of 32-bit float or uniform quantized type values}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf16>, tensor<1x1x1x1xf16>) -> tensor<1x1x4x4xf16>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
func.func @mixed_filter(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1x!q>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type 'f32' but filter has '!quant.uniform<u8:f32, 1.000000e-01:128>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1x!q>) -> tensor<1x1x4x4xf32>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
func.func @mixed_result(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!q>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type '!quant.uniform<u8:f32, 1.000000e-01:128>' but result has 'f32'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!q>) -> tensor<1x1x4x4xf32>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
func.func @clamp_float_attr_on_quantized(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{clamp_min must be an integer in the result's storage domain on the quantized form, got 0.000000e+00 : f32}}
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

func.func @clamp_int_attr_on_float(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{clamp_max must be an f32 value on the float form, got 6 : i64}}
  %0 = qfold.conv2d %x, %w {clamp_max = 6} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @clamp_float_nan(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{clamp bounds must not be NaN}}
  %0 = qfold.conv2d %x, %w {clamp_max = 0x7FC00000 : f32} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @clamp_float_empty(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{clamp_min (6.000000e+00) must be <= clamp_max (1.000000e+00)}}
  %0 = qfold.conv2d %x, %w {clamp_min = 6.0 : f32, clamp_max = 1.0 : f32} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
func.func @clamp_outside_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{clamp_max (256) is outside the storage range [0, 255] of the result type}}
  %0 = qfold.conv2d %x, %w {clamp_max = 256} : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

!q = !quant.uniform<i8<-127:127>:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @clamp_outside_narrow_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{clamp_min (-128) is outside the storage range [-127, 127] of the result type}}
  %0 = qfold.conv2d %x, %w {clamp_min = -128} : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
func.func @clamp_quantized_empty(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{clamp_min (200) must be <= clamp_max (100)}}
  %0 = qfold.conv2d %x, %w {clamp_min = 200, clamp_max = 100} : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

func.func @requant_mode_on_float(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{requant_mode is only meaningful on the quantized form}}
  %0 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @nan_weight(%x: tensor<1x1x4x4xf32>) {
  %w = arith.constant dense<[[[[1.0]]], [[[0x7FC00000]]]]> : tensor<2x1x1x1xf32>
  // expected-error @+1 {{filter element 1 is not finite (nan)}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @inf_bias(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) {
  %b = arith.constant dense<[0.0, 0xFF800000]> : tensor<2xf32>
  // expected-error @+1 {{bias element 1 is not finite (-INF)}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @pad_values_count(%x: tensor<1x2x4x4xf32>, %w: tensor<1x2x3x3xf32>) {
  // expected-error @+1 {{pad_values has 1 values, expected one per input channel (2)}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_values = array<f32: 0.5>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @pad_values_not_finite(%x: tensor<1x2x4x4xf32>, %w: tensor<1x2x3x3xf32>) {
  // expected-error @+1 {{pad_values[1] is not finite (nan)}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_values = array<f32: 0.5, 0x7FC00000>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.05>
func.func @pad_values_quantized(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x3x3x!w>) {
  // expected-error @+1 {{pad_values is only meaningful on the float form (the quantized form pads with the input's zero point)}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_values = array<f32: 0.5>} : (tensor<1x1x4x4x!q>, tensor<1x1x3x3x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

func.func @empty_filter(%x: tensor<1x1x4x4xf32>, %w: tensor<0x1x1x1xf32>) {
  // expected-error @+1 {{expects non-empty channel, spatial and filter dimensions, got input [1, 1, 4, 4] and filter [0, 1, 1, 1]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<0x1x1x1xf32>) -> tensor<1x0x4x4xf32>
  return
}
