// One case per rule on the types of the quantized conv2d form.
// RUN: qfold-opt %s -split-input-file -verify-diagnostics

!q = !quant.uniform<u8:f16, 0.1:128>
!w = !quant.uniform<i8:f16, 0.5>
func.func @expressed_type(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input must have an f32 expressed type, got 'f16'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

!q = !quant.uniform<i16:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @storage_width(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input must have i8 or u8 storage, got i16}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:300>
!w = !quant.uniform<i8:f32, 0.5>
func.func @zero_point_above_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input has zero point 300 outside its storage range [0, 255]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5:0, 0.25:-129}>
func.func @filter_zero_point_below_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{filter has zero point -129 outside its storage range [-128, 127]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!r = !quant.uniform<u8:f32, 0.1:-3>
!w = !quant.uniform<i8:f32, 0.5>
func.func @result_zero_point(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{result has zero point -3 outside its storage range [0, 255]}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!r>
  return
}

// -----

!q = !quant.uniform<u8:f32:1, {0.1}>
!r = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @input_per_axis(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{input must be quantized per tensor, got '!quant.uniform<u8:f32:1, {1.000000e-01}>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!r>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!r = !quant.uniform<u8:f32:1, {0.1}>
!w = !quant.uniform<i8:f32, 0.5>
func.func @result_per_axis(%x: tensor<1x1x4x4x!q>, %w: tensor<1x1x1x1x!w>) {
  // expected-error @+1 {{result must be quantized per tensor, got '!quant.uniform<u8:f32:1, {1.000000e-01}>'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!r>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32:1, {0.5}>
func.func @filter_wrong_axis(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{filter must be quantized per tensor or per output channel (axis 0), got axis 1}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25, 0.125}>
func.func @filter_wrong_scale_count(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{filter has 3 per-channel scales, expected one per output channel (2)}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @bias_float_on_quantized(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2xf32>) {
  // expected-error @+1 {{bias must be i32 on the quantized form, got f32}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2xf32>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @bias_i16(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2xi16>) {
  // expected-error @+1 {{operand #2 must be 1D tensor of 32-bit float or 32-bit signless integer or uniform quantized type values}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2xi16>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<i8:f32, 0.05>
func.func @bias_quantized_storage(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias must have i32 storage, got i8}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05}>
func.func @bias_wrong_scale(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias scale of output channel 1 is 5.000000e-02, expected input_scale * filter_scale = 2.500000e-02}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<i32:f32, 0.05:7>
func.func @bias_zero_point(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias zero point must be 0, got 7}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<i32:f32:0, {0.05, 0.05, 0.05}>
func.func @bias_scale_count(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias has 3 per-channel scales, expected 2}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!b = !quant.uniform<u32:f32, 0.05>
func.func @bias_unsigned(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>, %b: tensor<2x!b>) {
  // expected-error @+1 {{bias must have signed i32 storage}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>, tensor<2x!b>) -> tensor<1x2x4x4x!q>
  return
}

// -----

// Scales must be finite and positive. The quant dialect's type parser already
// rejects such types in text; qfold's verifier checks types built in C++.
func.func @non_positive_scale(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, -0.1>>) {
  // expected-error @-1 {{scale -1.000000e-01 out of expressed type range}}
  return
}

// -----

func.func @infinite_scale(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0x7F800000>>) {
  // expected-error @-1 {{out of expressed type range}}
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
func.func @integer_form_requant_mode(%x: tensor<1x1x4x4x!q>, %w: tensor<2x1x1x1x!w>) {
  // expected-error @+1 {{requant_mode is not allowed with an i32 result (the integer form does not requantize)}}
  %0 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x1x4x4x!q>, tensor<2x1x1x1x!w>) -> tensor<1x2x4x4xi32>
  return
}

// -----

func.func @integer_result_on_float(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type 'f32' but result has 'i32'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xi32>
  return
}
