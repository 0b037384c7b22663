// qfold.add (and sub, mul, div), qfold.max_pool2d and qfold.avg_pool2d
// round-trip in both forms:
// printing, re-parsing and printing again is identical, and the generic form
// parses back to the same IR.
// RUN: qfold-opt %s | qfold-opt | FileCheck %s
// RUN: qfold-opt %s > %t.1.mlir && qfold-opt %t.1.mlir > %t.2.mlir && diff %t.1.mlir %t.2.mlir
// RUN: qfold-opt %s -mlir-print-op-generic | qfold-opt > %t.3.mlir && diff %t.1.mlir %t.3.mlir

!u8 = !quant.uniform<u8:f32, 0.1:128>
!u8r = !quant.uniform<u8:f32, 0.05>
!i8 = !quant.uniform<i8:f32, 0.25:-5>

//===----------------------------------------------------------------------===//
// add
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @add_float_defaults
// CHECK: qfold.add %{{.*}}, %{{.*}} : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
func.func @add_float_defaults(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// CHECK-LABEL: func.func @add_float_clamp
// CHECK: qfold.add %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
func.func @add_float_clamp(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = qfold.add %a, %b {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// A per-channel bias: [1, 4, 1, 1] broadcast along H and W.
// CHECK-LABEL: func.func @add_float_broadcast
// CHECK: qfold.add %{{.*}}, %{{.*}} : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK: qfold.add %{{.*}}, %{{.*}} : (tensor<1x4x1x1xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
func.func @add_float_broadcast(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x1x1xf32>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = qfold.add %b, %a : (tensor<1x4x1x1xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %0, %1 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>
}

// Both operands broadcast: [2, 1] + [1, 3] -> [2, 3].
// CHECK-LABEL: func.func @add_float_broadcast_both
// CHECK: qfold.add %{{.*}}, %{{.*}} : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
func.func @add_float_broadcast_both(%a: tensor<2x1xf32>, %b: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %0 = qfold.add %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @add_quantized_same_type
// CHECK: qfold.add %{{.*}}, %{{.*}} : (tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>) -> tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>
func.func @add_quantized_same_type(%a: tensor<1x4x3x3x!u8>, %b: tensor<1x4x3x3x!u8>) -> tensor<1x4x3x3x!u8> {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3x!u8>, tensor<1x4x3x3x!u8>) -> tensor<1x4x3x3x!u8>
  return %0 : tensor<1x4x3x3x!u8>
}

// Each operand and the result with its own scale, zero point and signedness,
// an integer clamp range in the result's storage domain and a requant_mode.
// CHECK-LABEL: func.func @add_quantized_mixed_types
// CHECK: qfold.add %{{.*}}, %{{.*}} {clamp_max = 100 : i64, clamp_min = -5 : i64, requant_mode = #qfold.requant_mode<tflite>}
// CHECK-SAME: (tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x4x3x3x!quant.uniform<u8:f32, 5.000000e-02>>) -> tensor<1x4x3x3x!quant.uniform<i8:f32, 2.500000e-01:-5>>
// CHECK: qfold.add %{{.*}}, %{{.*}} {requant_mode = #qfold.requant_mode<onnx>}
// CHECK-SAME: -> tensor<1x4x3x3x!quant.uniform<u8:f32, 5.000000e-02>>
func.func @add_quantized_mixed_types(%a: tensor<1x4x3x3x!u8>, %b: tensor<1x4x3x3x!u8r>) -> (tensor<1x4x3x3x!i8>, tensor<1x4x3x3x!u8r>) {
  %0 = qfold.add %a, %b {clamp_min = -5, clamp_max = 100, requant_mode = #qfold.requant_mode<tflite>} : (tensor<1x4x3x3x!u8>, tensor<1x4x3x3x!u8r>) -> tensor<1x4x3x3x!i8>
  %1 = qfold.add %b, %a {requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x4x3x3x!u8r>, tensor<1x4x3x3x!u8>) -> tensor<1x4x3x3x!u8r>
  return %0, %1 : tensor<1x4x3x3x!i8>, tensor<1x4x3x3x!u8r>
}

// CHECK-LABEL: func.func @add_quantized_broadcast
// CHECK: qfold.add %{{.*}}, %{{.*}} : (tensor<1x4x3x3x!quant.uniform<i8:f32, 2.500000e-01:-5>>, tensor<1x4x1x1x!quant.uniform<i8:f32, 2.500000e-01:-5>>) -> tensor<1x4x3x3x!quant.uniform<i8:f32, 2.500000e-01:-5>>
func.func @add_quantized_broadcast(%a: tensor<1x4x3x3x!i8>, %b: tensor<1x4x1x1x!i8>) -> tensor<1x4x3x3x!i8> {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3x!i8>, tensor<1x4x1x1x!i8>) -> tensor<1x4x3x3x!i8>
  return %0 : tensor<1x4x3x3x!i8>
}

//===----------------------------------------------------------------------===//
// sub / mul / div: add's operands, attributes and forms
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @sub_mul_div
// CHECK: qfold.sub %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32} : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK: qfold.mul %{{.*}}, %{{.*}} : (tensor<1x4x1x1xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK: qfold.div %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32} : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK: qfold.sub %{{.*}}, %{{.*}} {requant_mode = #qfold.requant_mode<tflite>} : (tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x4x3x3x!quant.uniform<u8:f32, 5.000000e-02>>) -> tensor<1x4x3x3x!quant.uniform<i8:f32, 2.500000e-01:-5>>
// CHECK: qfold.mul %{{.*}}, %{{.*}} {clamp_min = -5 : i64} : (tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x4x3x3x!quant.uniform<u8:f32, 5.000000e-02>>) -> tensor<1x4x3x3x!quant.uniform<i8:f32, 2.500000e-01:-5>>
// CHECK: qfold.div %{{.*}}, %{{.*}} {requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x4x3x3x!quant.uniform<u8:f32, 5.000000e-02>>) -> tensor<1x4x3x3x!quant.uniform<i8:f32, 2.500000e-01:-5>>
func.func @sub_mul_div(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x1x1xf32>, %c: tensor<1x4x3x3x!u8>, %d: tensor<1x4x3x3x!u8r>) -> (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3x!i8>, tensor<1x4x3x3x!i8>, tensor<1x4x3x3x!i8>) {
  %0 = qfold.sub %a, %b {clamp_min = 0.0 : f32} : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = qfold.mul %b, %a : (tensor<1x4x1x1xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %2 = qfold.div %a, %b {clamp_max = 6.0 : f32} : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %3 = qfold.sub %c, %d {requant_mode = #qfold.requant_mode<tflite>} : (tensor<1x4x3x3x!u8>, tensor<1x4x3x3x!u8r>) -> tensor<1x4x3x3x!i8>
  %4 = qfold.mul %c, %d {clamp_min = -5} : (tensor<1x4x3x3x!u8>, tensor<1x4x3x3x!u8r>) -> tensor<1x4x3x3x!i8>
  %5 = qfold.div %c, %d {requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x4x3x3x!u8>, tensor<1x4x3x3x!u8r>) -> tensor<1x4x3x3x!i8>
  return %0, %1, %2, %3, %4, %5 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>, tensor<1x4x3x3x!i8>, tensor<1x4x3x3x!i8>, tensor<1x4x3x3x!i8>
}

//===----------------------------------------------------------------------===//
// max_pool2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @max_pool_float_defaults
// CHECK: qfold.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
func.func @max_pool_float_defaults(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x7x7xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// Attributes equal to their defaults are not printed.
// CHECK-LABEL: func.func @max_pool_explicit_defaults
// CHECK: qfold.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
func.func @max_pool_explicit_defaults(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x7x7xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// All attributes, a dynamic batch: kernel 3 with dilation 2 is a window of
// extent 5; (9 + 1 + 2 - 5) / 2 + 1 = 4 rows, (9 + 0 + 1 - 5) / 1 + 1 = 6 columns.
// CHECK-LABEL: func.func @max_pool_float_all_attributes
// CHECK: qfold.max_pool2d %{{.*}} {dilations = array<i64: 2, 2>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 1>} : tensor<?x2x9x9xf32> -> tensor<?x2x4x6xf32>
func.func @max_pool_float_all_attributes(%x: tensor<?x2x9x9xf32>) -> tensor<?x2x4x6xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 1>, dilations = array<i64: 2, 2>, pads = array<i64: 1, 0, 2, 1>} : tensor<?x2x9x9xf32> -> tensor<?x2x4x6xf32>
  return %0 : tensor<?x2x4x6xf32>
}

// ceil_mode: (7 - 2) / 2 rounds up to 3, so 4 windows instead of 3.
// CHECK-LABEL: func.func @max_pool_ceil_mode
// CHECK: qfold.max_pool2d %{{.*}} {ceil_mode = true, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
// CHECK: qfold.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
func.func @max_pool_ceil_mode(%x: tensor<1x2x7x7xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
  %1 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = false} : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>
}

// CHECK-LABEL: func.func @max_pool_quantized_u8
// CHECK: qfold.max_pool2d %{{.*}} {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x8x8x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<1x4x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>
func.func @max_pool_quantized_u8(%x: tensor<1x4x8x8x!u8>) -> tensor<1x4x4x4x!u8> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x4x8x8x!u8> -> tensor<1x4x4x4x!u8>
  return %0 : tensor<1x4x4x4x!u8>
}

// CHECK-LABEL: func.func @max_pool_quantized_i8
// CHECK: qfold.max_pool2d %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 2>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x7x7x!quant.uniform<i8:f32, 2.500000e-01:-5>> -> tensor<1x4x4x3x!quant.uniform<i8:f32, 2.500000e-01:-5>>
func.func @max_pool_quantized_i8(%x: tensor<1x4x7x7x!i8>) -> tensor<1x4x4x3x!i8> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 2>, ceil_mode = true} : tensor<1x4x7x7x!i8> -> tensor<1x4x4x3x!i8>
  return %0 : tensor<1x4x4x3x!i8>
}

//===----------------------------------------------------------------------===//
// avg_pool2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @avg_pool_defaults
// CHECK: qfold.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
func.func @avg_pool_defaults(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x7x7xf32> {
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// CHECK-LABEL: func.func @avg_pool_count_include_pad
// CHECK: qfold.avg_pool2d %{{.*}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
func.func @avg_pool_count_include_pad(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// ceil_mode with padding: (8 + 2 - 3) / 2 rounds up to 4, so 5 windows; the
// last starts at row 8 - 1 = 7, inside the input.
// CHECK-LABEL: func.func @avg_pool_ceil_mode
// CHECK: qfold.avg_pool2d %{{.*}} {ceil_mode = true, count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x3x8x8xf32> -> tensor<?x3x5x5xf32>
func.func @avg_pool_ceil_mode(%x: tensor<?x3x8x8xf32>) -> tensor<?x3x5x5xf32> {
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true, count_include_pad = true} : tensor<?x3x8x8xf32> -> tensor<?x3x5x5xf32>
  return %0 : tensor<?x3x5x5xf32>
}

// A global average pool: the window is the whole input.
// CHECK-LABEL: func.func @avg_pool_global
// CHECK: qfold.avg_pool2d %{{.*}} {kernel = array<i64: 7, 7>} : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
func.func @avg_pool_global(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32> {
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 7, 7>, count_include_pad = false} : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}
