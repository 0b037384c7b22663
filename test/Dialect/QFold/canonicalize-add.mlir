// add -> relu/clamp => add with a fused clamp range, float and quantized,
// through --canonicalize and through the qfold-fold pass. On the quantized
// form the add takes the activation's result type and the range is in that
// type's storage domain: q = clamp(zp + round_half_to_even(r / scale), qmin, qmax).
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @fuse_relu
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_min = 0.000000e+00 : f32} : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:  return %[[A]]
func.func @fuse_relu(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %1 = qfold.relu %0 : tensor<1x4x3x3xf32>
  return %1 : tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @fuse_relu_broadcast
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_min = 0.000000e+00 : f32} : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
// CHECK-NEXT:  return %[[A]]
func.func @fuse_relu_broadcast(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32> {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = qfold.relu %0 : tensor<1x4x3x3xf32>
  return %1 : tensor<1x4x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @fuse_relu6
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT:  return %[[A]]
func.func @fuse_relu6(%a: tensor<2x8xf32>, %b: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = qfold.add %a, %b : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x8xf32>
  return %1 : tensor<2x8xf32>
}

// -----

// An already fused range composes with the new one: [0, +inf) then [-1, 6].
// CHECK-LABEL: func.func @fuse_into_already_fused
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} :
// CHECK-NEXT:  return
func.func @fuse_into_already_fused(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.add %a, %b {clamp_min = 0.0 : f32} : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = qfold.clamp %0 {min = -1.0 : f32, max = 6.0 : f32} : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// add -> relu -> clamp(max 6): both absorbed.
// CHECK-LABEL: func.func @fuse_chain
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} :
// CHECK-NEXT:  return
func.func @fuse_chain(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.add %a, %b : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = qfold.relu %0 : tensor<8xf32>
  %2 = qfold.clamp %1 {max = 6.0 : f32} : tensor<8xf32>
  return %2 : tensor<8xf32>
}

// -----

// The sum has another user: the relu stays.
// CHECK-LABEL: func.func @no_fuse_multi_use
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[A]] : tensor<8xf32>
// CHECK-NEXT:  return %[[R]], %[[A]]
func.func @no_fuse_multi_use(%a: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = qfold.add %a, %b : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = qfold.relu %0 : tensor<8xf32>
  return %1, %0 : tensor<8xf32>, tensor<8xf32>
}

// -----

// The sum feeds two activations: neither fuses.
// CHECK-LABEL: func.func @no_fuse_two_activations
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
// CHECK-DAG:   qfold.relu %[[A]] : tensor<8xf32>
// CHECK-DAG:   qfold.clamp %[[A]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<8xf32>
// CHECK:       return
func.func @no_fuse_two_activations(%a: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = qfold.add %a, %b : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %1 = qfold.relu %0 : tensor<8xf32>
  %2 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<8xf32>
  return %1, %2 : tensor<8xf32>, tensor<8xf32>
}

// -----

// Activations fuse into conv2d and add only: a relu after a max pool stays.
// CHECK-LABEL: func.func @no_fuse_into_max_pool
// CHECK-NEXT:  %[[P:.*]] = qfold.max_pool2d %arg0 {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[P]] : tensor<1x4x7x7xf32>
// CHECK-NEXT:  return %[[R]]
func.func @no_fuse_into_max_pool(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x7x7xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  %1 = qfold.relu %0 : tensor<1x4x7x7xf32>
  return %1 : tensor<1x4x7x7xf32>
}

// -----

!q = !quant.uniform<i8:f32, 0.25:-5>

// CHECK-LABEL: func.func @no_fuse_quantized_into_max_pool
// CHECK-NEXT:  %[[P:.*]] = qfold.max_pool2d %arg0
// CHECK-NEXT:  %[[C:.*]] = qfold.clamp %[[P]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x4x7x7x!quant.uniform<i8:f32, 2.500000e-01:-5>>
// CHECK-NEXT:  return %[[C]]
func.func @no_fuse_quantized_into_max_pool(%x: tensor<1x4x8x8x!q>) -> tensor<1x4x7x7x!q> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x8x8x!q> -> tensor<1x4x7x7x!q>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x7x7x!q>
  return %1 : tensor<1x4x7x7x!q>
}

// -----

// CHECK-LABEL: func.func @no_fuse_into_avg_pool
// CHECK-NEXT:  %[[P:.*]] = qfold.avg_pool2d %arg0
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[P]] : tensor<1x4x1x1xf32>
// CHECK-NEXT:  return %[[R]]
func.func @no_fuse_into_avg_pool(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 8, 8>} : tensor<1x4x8x8xf32> -> tensor<1x4x1x1xf32>
  %1 = qfold.relu %0 : tensor<1x4x1x1xf32>
  return %1 : tensor<1x4x1x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Quantized add
//===----------------------------------------------------------------------===//

!q = !quant.uniform<u8:f32, 0.1:128>

// u8 with zero point 128: ReLU clamps at 128, not at literal 0.
// CHECK-LABEL: func.func @quantized_relu_same_type
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_min = 128 : i64} : ({{.*}}) -> tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  return %[[A]]
func.func @quantized_relu_same_type(%a: tensor<1x4x3x3x!q>, %b: tensor<1x4x3x3x!q>) -> tensor<1x4x3x3x!q> {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3x!q>, tensor<1x4x3x3x!q>) -> tensor<1x4x3x3x!q>
  %1 = qfold.relu %0 : tensor<1x4x3x3x!q>
  return %1 : tensor<1x4x3x3x!q>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!b = !quant.uniform<i8:f32, 0.05:3>
!q = !quant.uniform<i8:f32, 0.2:-5>

// Operands of other types, i8 result with zero point -5.
// CHECK-LABEL: func.func @quantized_relu_i8
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_min = -5 : i64} : (tensor<1x4x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x4x1x1x!quant.uniform<i8:f32, 5.000000e-02:3>>) -> tensor<1x4x3x3x!quant.uniform<i8:f32, 2.000000e-01:-5>>
// CHECK-NEXT:  return %[[A]]
func.func @quantized_relu_i8(%a: tensor<1x4x3x3x!a>, %b: tensor<1x4x1x1x!b>) -> tensor<1x4x3x3x!q> {
  %0 = qfold.add %a, %b : (tensor<1x4x3x3x!a>, tensor<1x4x1x1x!b>) -> tensor<1x4x3x3x!q>
  %1 = qfold.relu %0 : tensor<1x4x3x3x!q>
  return %1 : tensor<1x4x3x3x!q>
}

// -----

!q = !quant.uniform<u8:f32, 0.05:10>

// ReLU6 with scale 0.05 and zero point 10: [10 + 0 / 0.05, 10 + 6 / 0.05] = [10, 130].
// CHECK-LABEL: func.func @quantized_relu6
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 130 : i64, clamp_min = 10 : i64} :
// CHECK-NEXT:  return
func.func @quantized_relu6(%a: tensor<8x!q>, %b: tensor<8x!q>) -> tensor<8x!q> {
  %0 = qfold.add %a, %b : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!q>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<8x!q>
  return %1 : tensor<8x!q>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!t = !quant.uniform<u8:f32, 0.2:128>
!t2 = !quant.uniform<u8:f32, 0.05:10>

// A ReLU into another type: the add takes the ReLU's result type and the
// clamp is at its zero point, 10. The pre-ReLU range [-25.6, 25.4] covers
// all of the post-ReLU type, so nothing else is left of it.
// CHECK-LABEL: func.func @quantized_relu_into_other_type
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 {clamp_min = 10 : i64} : (tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>>) -> tensor<8x!quant.uniform<u8:f32, 5.000000e-02:10>>
// CHECK-NEXT:  return %[[A]]
func.func @quantized_relu_into_other_type(%a: tensor<8x!q>, %b: tensor<8x!q>) -> tensor<8x!t2> {
  %0 = qfold.add %a, %b : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!t>
  %1 = qfold.relu %0 : tensor<8x!t> -> tensor<8x!t2>
  return %1 : tensor<8x!t2>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!t = !quant.uniform<u8:f32, 0.01:128>
!t2 = !quant.uniform<u8:f32, 0.1>

// The saturation of the pre-ReLU type is kept: its real range [-1.28, 1.27]
// is [0, 13] in the post-ReLU type (1.27 / 0.1 = 12.7 -> 13).
// CHECK-LABEL: func.func @quantized_relu_into_wider_type_keeps_saturation
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 13 : i64} : ({{.*}}) -> tensor<8x!quant.uniform<u8:f32, 1.000000e-01>>
// CHECK-NEXT:  return
func.func @quantized_relu_into_wider_type_keeps_saturation(%a: tensor<8x!q>, %b: tensor<8x!q>) -> tensor<8x!t2> {
  %0 = qfold.add %a, %b : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!t>
  %1 = qfold.relu %0 : tensor<8x!t> -> tensor<8x!t2>
  return %1 : tensor<8x!t2>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!t2 = !quant.uniform<i8:f32, 0.05:-100>

// ReLU6 into an i8 type with zero point -100: [-100, -100 + 6 / 0.05] = [-100, 20].
// CHECK-LABEL: func.func @quantized_relu6_into_i8_type
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 20 : i64, clamp_min = -100 : i64} : ({{.*}}) -> tensor<8x!quant.uniform<i8:f32, 5.000000e-02:-100>>
func.func @quantized_relu6_into_i8_type(%a: tensor<8x!q>, %b: tensor<8x!q>) -> tensor<8x!t2> {
  %0 = qfold.add %a, %b : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!q>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<8x!q> -> tensor<8x!t2>
  return %1 : tensor<8x!t2>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>

// An existing integer range composes with the new one: [100, 200] then
// ReLU at 128 gives [128, 200].
// CHECK-LABEL: func.func @quantized_compose_with_existing_range
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 200 : i64, clamp_min = 128 : i64} :
func.func @quantized_compose_with_existing_range(%a: tensor<8x!q>, %b: tensor<8x!q>) -> tensor<8x!q> {
  %0 = qfold.add %a, %b {clamp_min = 100, clamp_max = 200} : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!q>
  %1 = qfold.relu %0 : tensor<8x!q>
  return %1 : tensor<8x!q>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!t2 = !quant.uniform<u8:f32, 0.05>

// The one requantization left follows the activation's requant_mode when it
// has one, else the add's. (The pre-ReLU saturation at 12.7 is 254 in the
// post-ReLU type.)
// CHECK-LABEL: func.func @quantized_requant_mode_kept
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 254 : i64, requant_mode = #qfold.requant_mode<onnx>}
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 254 : i64, requant_mode = #qfold.requant_mode<tflite>}
func.func @quantized_requant_mode_kept(%a: tensor<8x!q>, %b: tensor<8x!q>) -> (tensor<8x!t2>, tensor<8x!t2>) {
  %0 = qfold.add %a, %b {requant_mode = #qfold.requant_mode<tflite>} : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!q>
  %1 = qfold.relu %0 {requant_mode = #qfold.requant_mode<onnx>} : tensor<8x!q> -> tensor<8x!t2>
  %2 = qfold.add %a, %b {requant_mode = #qfold.requant_mode<tflite>} : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!q>
  %3 = qfold.relu %2 : tensor<8x!q> -> tensor<8x!t2>
  return %1, %3 : tensor<8x!t2>, tensor<8x!t2>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>

// CHECK-LABEL: func.func @quantized_no_fuse_multi_use
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 :
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[A]] : tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  return %[[R]], %[[A]]
func.func @quantized_no_fuse_multi_use(%a: tensor<8x!q>, %b: tensor<8x!q>) -> (tensor<8x!q>, tensor<8x!q>) {
  %0 = qfold.add %a, %b : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!q>
  %1 = qfold.relu %0 : tensor<8x!q>
  return %1, %0 : tensor<8x!q>, tensor<8x!q>
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!t2 = !quant.uniform<u8:f32, 0.05>

// Requantizing relu with other users of the add: nothing moves, and the add
// keeps its own type.
// CHECK-LABEL: func.func @quantized_no_fuse_requantizing_multi_use
// CHECK-NEXT:  %[[A:.*]] = qfold.add %arg0, %arg1 : ({{.*}}) -> tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[A]] : tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<8x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK-NEXT:  return %[[R]], %[[A]]
func.func @quantized_no_fuse_requantizing_multi_use(%a: tensor<8x!q>, %b: tensor<8x!q>) -> (tensor<8x!t2>, tensor<8x!q>) {
  %0 = qfold.add %a, %b : (tensor<8x!q>, tensor<8x!q>) -> tensor<8x!q>
  %1 = qfold.relu %0 : tensor<8x!q> -> tensor<8x!t2>
  return %1, %0 : tensor<8x!t2>, tensor<8x!q>
}
