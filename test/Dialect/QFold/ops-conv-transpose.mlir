// qfold.conv_transpose2d round-trips: printing, re-parsing and printing again
// is identical, and the generic form parses back to the same IR; defaults
// (strides, dilations, pads, output_padding, groups) are not printed.
// RUN: qfold-opt %s | qfold-opt | FileCheck %s
// RUN: qfold-opt %s > %t.1.mlir && qfold-opt %t.1.mlir > %t.2.mlir && diff %t.1.mlir %t.2.mlir
// RUN: qfold-opt %s -mlir-print-op-generic | qfold-opt > %t.3.mlir && diff %t.1.mlir %t.3.mlir

// CHECK-LABEL: func.func @defaults
// CHECK: qfold.conv_transpose2d %arg0, %arg1 : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32>
func.func @defaults(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32> {
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x5x5xf32>
  return %0 : tensor<1x4x5x5xf32>
}

// Everything set: OH = 2 * (3 - 1) + 2 * (3 - 1) + 1 + 1 - 1 - 2 = 7,
// OW = 3 * 2 + 1 * 2 + 1 + 2 - 0 - 1 = 10; groups 2: O = 2 * 3.
// CHECK-LABEL: func.func @all_attributes
// CHECK: qfold.conv_transpose2d %arg0, %arg1, %arg2 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, dilations = array<i64: 2, 1>, groups = 2 : i64, output_padding = array<i64: 1, 2>, pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 3>} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x10xf32>
func.func @all_attributes(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x7x10xf32> {
  %0 = qfold.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 3>, dilations = array<i64: 2, 1>, pads = array<i64: 1, 0, 2, 1>, output_padding = array<i64: 1, 2>, groups = 2 : i64, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x10xf32>
  return %0 : tensor<1x6x7x10xf32>
}
