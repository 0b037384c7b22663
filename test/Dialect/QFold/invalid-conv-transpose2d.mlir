// One case per qfold.conv_transpose2d verifier rule.
// RUN: qfold-opt %s -split-input-file -verify-diagnostics

func.func @dynamic(%x: tensor<?x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{expects static shapes}}
  %0 = qfold.conv_transpose2d %x, %w : (tensor<?x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<?x2x5x5xf32>
  return
}

// -----

func.func @filter_channels(%x: tensor<1x2x3x3xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{filter dimension 0 is 3, expected the input channels (2): the filter is C x O/groups x KH x KW}}
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<3x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @groups_divide(%x: tensor<1x3x3x3xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{input channels (3) must be a multiple of groups (2)}}
  %0 = qfold.conv_transpose2d %x, %w {groups = 2 : i64} : (tensor<1x3x3x3xf32>, tensor<3x2x3x3xf32>) -> tensor<1x4x5x5xf32>
  return
}

// -----

func.func @groups_positive(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{groups must be positive, got 0}}
  %0 = qfold.conv_transpose2d %x, %w {groups = 0 : i64} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @stride_zero(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{strides and dilations must be positive, got strides [0, 1], dilations [1, 1]}}
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @attribute_counts(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{expects 2 strides, 2 dilations, 4 pads (top, left, bottom, right) and 2 output_padding values}}
  %0 = qfold.conv_transpose2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

func.func @negative_pad(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{pads and output_padding must be non-negative, got pads [-1, 0, 0, 0], output_padding [0, 0]}}
  %0 = qfold.conv_transpose2d %x, %w {pads = array<i64: -1, 0, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x6x5xf32>
  return
}

// -----

func.func @output_padding_too_large(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{output_padding width (2) must be smaller than the stride (2) or the dilation (1)}}
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, output_padding = array<i64: 1, 2>} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x8x9xf32>
  return
}

// -----

func.func @empty_output(%x: tensor<1x2x1x1xf32>, %w: tensor<2x2x1x1xf32>) {
  // expected-error @+1 {{the output height would be 0 (stride * (H - 1) + dilation * (KH - 1) + 1 + output_padding - pads)}}
  %0 = qfold.conv_transpose2d %x, %w {pads = array<i64: 1, 0, 0, 0>} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return
}

// -----

func.func @result_shape(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{result shape [1, 2, 5, 6] does not match the shape the operands and attributes give, [1, 2, 5, 5]}}
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x6xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<1x2x3x3xf32>, %w: tensor<2x3x3x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{bias has 2 elements, expected one per output channel (3)}}
  %0 = qfold.conv_transpose2d %x, %w, %b : (tensor<1x2x3x3xf32>, tensor<2x3x3x3xf32>, tensor<2xf32>) -> tensor<1x3x5x5xf32>
  return
}

// -----

func.func @clamp_empty(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{clamp_min (6.000000e+00) must be <= clamp_max (0.000000e+00)}}
  %0 = qfold.conv_transpose2d %x, %w {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

// Float only.
func.func @quantized(%x: tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1>>, %w: tensor<2x2x3x3xf32>) {
  // expected-error @+1 {{operand #0 must be 4D tensor of 32-bit float values}}
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.1>>, tensor<2x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return
}

// -----

// Stride 3, output_padding 2: the pads may not crop all of the spread input
// (2 rows beyond the kernel extent of 0, from a spread input of 1 row).
func.func @crop_everything(%x: tensor<1x1x1x1xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{the pads crop all of the spread input height (1 rows or columns, 2 cropped beyond the kernel extent)}}
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 3, 3>, pads = array<i64: 2, 2, 0, 0>, output_padding = array<i64: 2, 2>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return
}

// -----

func.func @empty_dimension(%x: tensor<1x1x0x1xf32>, %w: tensor<1x1x3x1xf32>) {
  // expected-error @+1 {{expects non-empty channel, spatial and filter dimensions, got input [1, 1, 0, 1] and filter [1, 1, 3, 1]}}
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 2, 1>} : (tensor<1x1x0x1xf32>, tensor<1x1x3x1xf32>) -> tensor<1x1x1x1xf32>
  return
}
