// relu/clamp whose input is a one-use tensor.collapse_shape or
// tensor.expand_shape moves above the reshape (an activation is elementwise),
// where it fuses into the conv2d/add before it, through --canonicalize and
// through the qfold-fold pass.
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// A Gemm imported as a 1x1 conv2d between reshapes.
// CHECK-LABEL: func.func @conv_collapse_relu
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1, %arg2 {clamp_min = 0.000000e+00 : f32} : (tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[}}[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
// CHECK-NEXT:  return %[[R]]
func.func @conv_collapse_relu(%x: tensor<1x8x1x1xf32>, %w: tensor<4x8x1x1xf32>, %b: tensor<4xf32>) -> tensor<1x4xf32> {
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>, tensor<4xf32>) -> tensor<1x4x1x1xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
  %2 = qfold.relu %1 : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// CHECK-LABEL: func.func @conv_collapse_relu6
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} :
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[C]]
// CHECK-NEXT:  return %[[R]]
func.func @conv_collapse_relu6(%x: tensor<1x8x1x1xf32>, %w: tensor<4x8x1x1xf32>) -> tensor<1x4xf32> {
  %0 = qfold.conv2d %x, %w : (tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x1x1xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
  %2 = qfold.clamp %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Without a producer to fuse into, the activation still moves above the
// reshape.
// CHECK-LABEL: func.func @expand_relu
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %arg0 : tensor<1x8xf32>
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %[[R]] {{\[}}[0], [1, 2]] output_shape [1, 2, 4] : tensor<1x8xf32> into tensor<1x2x4xf32>
// CHECK-NEXT:  return %[[E]]
func.func @expand_relu(%x: tensor<1x8xf32>) -> tensor<1x2x4xf32> {
  %0 = tensor.expand_shape %x [[0], [1, 2]] output_shape [1, 2, 4] : tensor<1x8xf32> into tensor<1x2x4xf32>
  %1 = qfold.relu %0 : tensor<1x2x4xf32>
  return %1 : tensor<1x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @add_expand_clamp
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %[[A]] {{\[}}[0], [1, 2]] output_shape [1, 2, 4] : tensor<1x8xf32> into tensor<1x2x4xf32>
// CHECK-NEXT:  return %[[E]]
func.func @add_expand_clamp(%a: tensor<1x8xf32>, %b: tensor<1x8xf32>) -> tensor<1x2x4xf32> {
  %0 = qfold.add %a, %b : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = tensor.expand_shape %0 [[0], [1, 2]] output_shape [1, 2, 4] : tensor<1x8xf32> into tensor<1x2x4xf32>
  %2 = qfold.clamp %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4xf32>
  return %2 : tensor<1x2x4xf32>
}

// -----

// A 1-D conv: expand to 4-D, conv2d, collapse back; the relu after the
// collapse fuses into the conv.
// CHECK-LABEL: func.func @conv1d_expand_conv_collapse_relu
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %arg0
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %[[E]], %arg1 {clamp_min = 0.000000e+00 : f32} :
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[C]]
// CHECK-NEXT:  return %[[R]]
func.func @conv1d_expand_conv_collapse_relu(%x: tensor<1x2x8xf32>, %w: tensor<3x2x1x3xf32>) -> tensor<1x3x6xf32> {
  %0 = tensor.expand_shape %x [[0], [1], [2, 3]] output_shape [1, 2, 1, 8] : tensor<1x2x8xf32> into tensor<1x2x1x8xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x2x1x8xf32>, tensor<3x2x1x3xf32>) -> tensor<1x3x1x6xf32>
  %2 = tensor.collapse_shape %1 [[0], [1], [2, 3]] : tensor<1x3x1x6xf32> into tensor<1x3x6xf32>
  %3 = qfold.relu %2 : tensor<1x3x6xf32>
  return %3 : tensor<1x3x6xf32>
}

// -----

// The reshape has another user: the activation stays below it.
// CHECK-LABEL: func.func @no_hoist_multi_use_collapse
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 : (tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:  %[[S:.*]] = tensor.collapse_shape %[[C]]
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[S]] : tensor<1x4xf32>
// CHECK-NEXT:  return %[[R]], %[[S]]
func.func @no_hoist_multi_use_collapse(%x: tensor<1x8x1x1xf32>, %w: tensor<4x8x1x1xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x1x1xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
  %2 = qfold.relu %1 : tensor<1x4xf32>
  return %2, %1 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// CHECK-LABEL: func.func @no_hoist_multi_use_expand
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %arg0
// CHECK-NEXT:  %[[R:.*]] = qfold.clamp %[[E]] {max = 6.000000e+00 : f32} : tensor<1x2x4xf32>
// CHECK-NEXT:  return %[[R]], %[[E]]
func.func @no_hoist_multi_use_expand(%x: tensor<1x8xf32>) -> (tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %0 = tensor.expand_shape %x [[0], [1, 2]] output_shape [1, 2, 4] : tensor<1x8xf32> into tensor<1x2x4xf32>
  %1 = qfold.clamp %0 {max = 6.0 : f32} : tensor<1x2x4xf32>
  return %1, %0 : tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// The activation moves above the reshape, but the conv has another user, so
// it does not fuse.
// CHECK-LABEL: func.func @hoist_no_fuse_multi_use_conv
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 : (tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x1x1xf32>
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[C]] : tensor<1x4x1x1xf32>
// CHECK-NEXT:  %[[S:.*]] = tensor.collapse_shape %[[R]]
// CHECK-NEXT:  return %[[S]], %[[C]]
func.func @hoist_no_fuse_multi_use_conv(%x: tensor<1x8x1x1xf32>, %w: tensor<4x8x1x1xf32>) -> (tensor<1x4xf32>, tensor<1x4x1x1xf32>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x8x1x1xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x1x1xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
  %2 = qfold.relu %1 : tensor<1x4xf32>
  return %2, %0 : tensor<1x4xf32>, tensor<1x4x1x1xf32>
}

// -----

// A relu after a max pool moves above the reshape but does not fuse.
// CHECK-LABEL: func.func @hoist_no_fuse_max_pool
// CHECK-NEXT:  %[[P:.*]] = qfold.max_pool2d %arg0
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[P]] : tensor<1x4x1x1xf32>
// CHECK-NEXT:  %[[S:.*]] = tensor.collapse_shape %[[R]]
// CHECK-NEXT:  return %[[S]]
func.func @hoist_no_fuse_max_pool(%x: tensor<1x4x2x2xf32>) -> tensor<1x4xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  %1 = tensor.collapse_shape %0 [[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
  %2 = qfold.relu %1 : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// A dynamic batch: the expand_shape's output size is recomputed from the
// moved activation's result.
// CHECK-LABEL: func.func @expand_dynamic_relu
// CHECK-DAG:   %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:   %[[R:.*]] = qfold.relu %arg0 : tensor<?x8xf32>
// CHECK:       %[[D:.*]] = tensor.dim %[[R]], %[[C0]] : tensor<?x8xf32>
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %[[R]] {{\[}}[0], [1, 2]] output_shape [%[[D]], 2, 4] : tensor<?x8xf32> into tensor<?x2x4xf32>
// CHECK-NEXT:  return %[[E]]
func.func @expand_dynamic_relu(%x: tensor<?x8xf32>) -> tensor<?x2x4xf32> {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %x, %c0 : tensor<?x8xf32>
  %0 = tensor.expand_shape %x [[0], [1, 2]] output_shape [%d, 2, 4] : tensor<?x8xf32> into tensor<?x2x4xf32>
  %1 = qfold.relu %0 : tensor<?x2x4xf32>
  return %1 : tensor<?x2x4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>

// Quantized, same type: the ReLU clamps at the zero point 128.
// CHECK-LABEL: func.func @quantized_conv_collapse_relu
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 {clamp_min = 128 : i64} : ({{.*}}) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[}}[0], [1, 2, 3]] : tensor<1x4x1x1x!quant.uniform<u8:f32, 1.000000e-01:128>> into tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  return %[[R]]
func.func @quantized_conv_collapse_relu(%x: tensor<1x8x1x1x!x>, %w: tensor<4x8x1x1x!w>) -> tensor<1x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x8x1x1x!x>, tensor<4x8x1x1x!w>) -> tensor<1x4x1x1x!x>
  %1 = tensor.collapse_shape %0 [[0], [1, 2, 3]] : tensor<1x4x1x1x!x> into tensor<1x4x!x>
  %2 = qfold.relu %1 : tensor<1x4x!x>
  return %2 : tensor<1x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t2 = !quant.uniform<u8:f32, 0.05:10>

// A requantizing ReLU moves with its result type: the reshape carries the
// post-ReLU type and the conv requantizes straight into it, clamped at its
// zero point 10.
// CHECK-LABEL: func.func @quantized_conv_collapse_requantizing_relu
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 {clamp_min = 10 : i64} : ({{.*}}) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 5.000000e-02:10>>
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[}}[0], [1, 2, 3]] : tensor<1x4x1x1x!quant.uniform<u8:f32, 5.000000e-02:10>> into tensor<1x4x!quant.uniform<u8:f32, 5.000000e-02:10>>
// CHECK-NEXT:  return %[[R]]
func.func @quantized_conv_collapse_requantizing_relu(%x: tensor<1x8x1x1x!x>, %w: tensor<4x8x1x1x!w>) -> tensor<1x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x8x1x1x!x>, tensor<4x8x1x1x!w>) -> tensor<1x4x1x1x!x>
  %1 = tensor.collapse_shape %0 [[0], [1, 2, 3]] : tensor<1x4x1x1x!x> into tensor<1x4x!x>
  %2 = qfold.relu %1 : tensor<1x4x!x> -> tensor<1x4x!t2>
  return %2 : tensor<1x4x!t2>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!t = !quant.uniform<u8:f32, 0.05:10>

// Quantized add, expand_shape, ReLU6 into another type: [10, 10 + 6 / 0.05] = [10, 130].
// CHECK-LABEL: func.func @quantized_add_expand_relu6
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_max = 130 : i64, clamp_min = 10 : i64} : ({{.*}}) -> tensor<1x8x!quant.uniform<u8:f32, 5.000000e-02:10>>
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %[[A]] {{\[}}[0], [1, 2]] output_shape [1, 2, 4] : tensor<1x8x!quant.uniform<u8:f32, 5.000000e-02:10>> into tensor<1x2x4x!quant.uniform<u8:f32, 5.000000e-02:10>>
// CHECK-NEXT:  return %[[E]]
func.func @quantized_add_expand_relu6(%a: tensor<1x8x!q>, %b: tensor<1x8x!q>) -> tensor<1x2x4x!t> {
  %0 = qfold.add %a, %b : (tensor<1x8x!q>, tensor<1x8x!q>) -> tensor<1x8x!q>
  %1 = tensor.expand_shape %0 [[0], [1, 2]] output_shape [1, 2, 4] : tensor<1x8x!q> into tensor<1x2x4x!q>
  %2 = qfold.clamp %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x!q> -> tensor<1x2x4x!t>
  return %2 : tensor<1x2x4x!t>
}
