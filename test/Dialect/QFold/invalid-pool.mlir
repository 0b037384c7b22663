// One case per qfold.max_pool2d verifier rule, and each rule qfold.avg_pool2d
// shares with it at least once, plus its own (f32 only).
// RUN: qfold-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// max_pool2d
//===----------------------------------------------------------------------===//

func.func @max_kernel_missing(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{requires attribute 'kernel'}}
  %0 = qfold.max_pool2d %x : tensor<1x1x4x4xf32>
  return
}

// -----

func.func @max_kernel_count(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{expects 2 kernel, got 3}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_kernel_non_positive(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{kernel must be positive, got [2, 0]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_strides_count(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{expects 2 strides, got 1}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  return
}

// -----

func.func @max_strides_non_positive(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{strides must be positive, got [0, 1]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 0, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_dilations_count(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{expects 2 dilations, got 3}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, dilations = array<i64: 1, 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_dilations_non_positive(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{dilations must be positive, got [1, -2]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, dilations = array<i64: 1, -2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @max_pads_count(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right), got 2}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x5x5xf32>
  return
}

// -----

func.func @max_pads_negative(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{pads must be non-negative, got [0, 0, -1, 0]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, -1, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x3xf32>
  return
}

// -----

func.func @max_dynamic_spatial(%x: tensor<1x1x?x4xf32>) {
  // expected-error @+1 {{expects static spatial dimensions}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x?x4xf32> -> tensor<1x1x?x3xf32>
  return
}

// -----

// A pad as large as the window: the first window lies in the padding alone.
func.func @max_pad_not_below_extent(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{pads [2, 0, 0, 0] must be smaller than the dilated window extent 2 in dimension 2 (otherwise a window can lie in the padding alone)}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x5x3xf32>
  return
}

// -----

// The extent is the dilated one: kernel 2 with dilation 3 spans 4, so a right
// pad of 4 is too large (3 would be allowed).
func.func @max_pad_not_below_dilated_extent(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{pads [0, 0, 0, 4] must be smaller than the dilated window extent 4 in dimension 3}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, dilations = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 4>} : tensor<1x1x8x8xf32> -> tensor<1x1x5x9xf32>
  return
}

// -----

func.func @max_window_larger_than_input(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{the window (extent 5) is larger than the padded input (4) in dimension 3}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 1, 5>} : tensor<1x1x4x4xf32> -> tensor<1x1x4x1xf32>
  return
}

// -----

// With dilation 2 a 3-wide kernel spans 5 > 2 + 1 + 1 padded columns.
func.func @max_dilated_window_larger_than_padded_input(%x: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{the window (extent 5) is larger than the padded input (4) in dimension 2}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 3, 1>, dilations = array<i64: 2, 1>, pads = array<i64: 1, 0, 1, 0>} : tensor<1x1x2x2xf32> -> tensor<1x1x1x2xf32>
  return
}

// -----

func.func @max_result_shape(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{result shape [1, 4, 6, 6] does not match the shape the input and attributes give, [1, 4, 7, 7]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x6x6xf32>
  return
}

// -----

// Without ceil_mode (7 - 2) / 2 rounds down: 3 windows, not 4.
func.func @max_result_shape_floor(%x: tensor<1x4x7x7xf32>) {
  // expected-error @+1 {{result shape [1, 4, 4, 4] does not match the shape the input and attributes give, [1, 4, 3, 3]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x7x7xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// ceil_mode drops a last window that would start in the bottom padding:
// (5 + 1 - 2) / 3 rounds up to 2, but the third window would start at row 6,
// past the input and its top padding (5 + 0 rows), so 2 rows, not 3.
func.func @max_result_shape_ceil_last_window(%x: tensor<1x1x5x5xf32>) {
  // expected-error @+1 {{result shape [1, 1, 3, 2] does not match the shape the input and attributes give, [1, 1, 2, 2]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 3, 3>, pads = array<i64: 0, 0, 1, 0>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x2xf32>
  return
}

// -----

func.func @max_result_channels(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{result shape [1, 2, 7, 7] does not match the shape the input and attributes give, [1, 4, 7, 7]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x2x7x7xf32>
  return
}

// -----

// A static batch passes through unchanged.
func.func @max_result_batch(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{result shape [2, 4, 7, 7] does not match the shape the input and attributes give, [1, 4, 7, 7]}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<2x4x7x7xf32>
  return
}

// -----

func.func @max_result_batch_dynamic(%x: tensor<?x4x8x8xf32>) {
  // expected-error @+1 {{result shape [1, 4, 7, 7] does not match the shape the input and attributes give}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<?x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return
}

// -----

func.func @max_float_to_quantized(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{input and result element types must be equal (the maximum is taken on the stored values), got 'f32' and '!quant.uniform<u8:f32, 1.000000e-01>'}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

// A rescaling is not part of the pool: another scale is rejected.
func.func @max_quantized_rescale(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{input and result element types must be equal (the maximum is taken on the stored values), got '!quant.uniform<u8:f32, 1.000000e-01:128>' and '!quant.uniform<u8:f32, 2.000000e-01:128>'}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<1x1x3x3x!quant.uniform<u8:f32, 0.2:128>>
  return
}

// -----

!pc = !quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>
func.func @max_per_axis(%x: tensor<1x2x4x4x!pc>) {
  // expected-error @+1 {{the input must be quantized per tensor, got '!quant.uniform<u8:f32:1, {1.000000e-01:128,2.000000e-01:128}>'}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x2x4x4x!pc> -> tensor<1x2x3x3x!pc>
  return
}

// -----

!q = !quant.uniform<i16:f32, 0.1>
func.func @max_storage_width(%x: tensor<1x1x4x4x!q>) {
  // expected-error @+1 {{input must have i8 or u8 storage, got i16}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x4x4x!q> -> tensor<1x1x3x3x!q>
  return
}

// -----

!q = !quant.uniform<u8:f16, 0.1:128>
func.func @max_expressed_type(%x: tensor<1x1x4x4x!q>) {
  // expected-error @+1 {{input must have an f32 expressed type, got 'f16'}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x4x4x!q> -> tensor<1x1x3x3x!q>
  return
}

// -----

func.func @max_rank(%x: tensor<1x4x4xf32>) {
  // expected-error @+1 {{operand #0 must be 4D tensor of}}
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4xf32> -> tensor<1x3x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// avg_pool2d
//===----------------------------------------------------------------------===//

func.func @avg_kernel_count(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{expects 2 kernel, got 1}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @avg_kernel_non_positive(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{kernel must be positive, got [-1, 2]}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: -1, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @avg_strides_count(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{expects 2 strides, got 3}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @avg_strides_non_positive(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{strides must be positive, got [1, 0]}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @avg_pads_count(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right), got 3}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}

// -----

func.func @avg_pads_negative(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{pads must be non-negative, got [-1, 0, 0, 0]}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: -1, 0, 0, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x3xf32>
  return
}

// -----

func.func @avg_dynamic_spatial(%x: tensor<1x1x4x?xf32>) {
  // expected-error @+1 {{expects static spatial dimensions}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x4x?xf32> -> tensor<1x1x3x?xf32>
  return
}

// -----

func.func @avg_pad_not_below_extent(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{pads [0, 3, 0, 0] must be smaller than the dilated window extent 3 in dimension 3}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 0, 3, 0, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x5xf32>
  return
}

// -----

func.func @avg_window_larger_than_input(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{the window (extent 6) is larger than the padded input (5) in dimension 2}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 6, 2>, pads = array<i64: 1, 0, 0, 0>} : tensor<1x1x4x4xf32> -> tensor<1x1x1x3xf32>
  return
}

// -----

func.func @avg_result_shape(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{result shape [1, 3, 4, 4] does not match the shape the input and attributes give, [1, 3, 5, 5]}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

// A static batch passes through unchanged.
func.func @avg_result_batch(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{result shape [3, 3, 7, 7] does not match the shape the input and attributes give, [1, 3, 7, 7]}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<3x3x7x7xf32>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
func.func @avg_quantized_windows_differ(%x: tensor<1x1x4x4x!q>) {
  // expected-error @+1 {{the quantized form needs windows that all count the same number of positions (one multiplier), but they count from 4 to 9}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x4x4x!q> -> tensor<1x1x4x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
func.func @avg_quantized_result(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{mixed float and quantized types: 'tensor<1x1x4x4xf32>' -> 'tensor<1x1x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>'}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3x!q>
  return
}

// -----

!q = !quant.uniform<i8:f32:1, {0.1, 0.2}>
func.func @avg_quantized_per_axis(%x: tensor<1x2x4x4x!q>) {
  // expected-error @+1 {{the input must be quantized per tensor}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x2x4x4x!q> -> tensor<1x2x3x3x!q>
  return
}

// -----

!q = !quant.uniform<i16:f32, 0.1>
func.func @avg_quantized_i16(%x: tensor<1x1x4x4x!q>) {
  // expected-error @+1 {{input must have i8 or u8 storage, got i16}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x4x4x!q> -> tensor<1x1x3x3x!q>
  return
}

// -----

func.func @avg_float_requant_mode(%x: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{requant_mode is only meaningful on the quantized form}}
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>, requant_mode = #qfold.requant_mode<onnx>} : tensor<1x1x4x4xf32> -> tensor<1x1x3x3xf32>
  return
}
