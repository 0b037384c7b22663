// Quantized conv2d -> relu/clamp => conv2d with an integer clamp range in the
// activation's result type. Bounds use qfold's one rounding rule:
// q = clamp(zp + round_half_to_even(r / scale), qmin, qmax).
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!t = !quant.uniform<u8:f32, 0.1:128>

// u8 with zero point 128: ReLU clamps at 128, not at literal 0.
// CHECK-LABEL: func.func @relu_u8_zp128
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1, %arg2 {clamp_min = 128 : i64} : ({{.*}}) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  return %[[C]]
func.func @relu_u8_zp128(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>, %b: tensor<2xi32>) -> tensor<1x2x4x4x!t> {
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>, tensor<2xi32>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t>
  return %1 : tensor<1x2x4x4x!t>
}

// -----

!x = !quant.uniform<i8:f32, 0.1:-5>
!w = !quant.uniform<i8:f32, 0.5>

// i8 with zero point -5.
// CHECK-LABEL: func.func @relu_i8_zp_minus5
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_min = -5 : i64}
func.func @relu_i8_zp_minus5(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>

// Zero point == qmin: the ReLU is the quantizer's saturation, no clamp left.
// CHECK-LABEL: func.func @relu_zp_is_qmin
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 : (
// CHECK-NEXT:  return %[[C]]
func.func @relu_zp_is_qmin(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.05:10>
!w = !quant.uniform<i8:f32, 0.5>

// ReLU6 with scale 0.05 and zero point 10: [10 + 0 / 0.05, 10 + 6 / 0.05] = [10, 130].
// CHECK-LABEL: func.func @relu6
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 130 : i64, clamp_min = 10 : i64}
// CHECK-NEXT:  return
func.func @relu6(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<i8:f32, 0.25:3>
!w = !quant.uniform<i8:f32, 0.5>

// Ties round to even: -0.625 / 0.25 = -2.5 -> -2 and 0.875 / 0.25 = 3.5 -> 4,
// so the range is [3 - 2, 3 + 4] = [1, 7].
// CHECK-LABEL: func.func @clamp_rounds_half_to_even
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 7 : i64, clamp_min = 1 : i64}
func.func @clamp_rounds_half_to_even(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.clamp %0 {min = -0.625 : f32, max = 0.875 : f32} : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<i8:f32, 1.0>
!w = !quant.uniform<i8:f32, 0.5>

// A bound outside the storage range is clipped to it: min -1000 -> -128 (the
// default, so no attribute), max 5 -> 5.
// CHECK-LABEL: func.func @clamp_bound_outside_storage
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 5 : i64} :
func.func @clamp_bound_outside_storage(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.clamp %0 {min = -1000.0 : f32, max = 5.0 : f32} : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.2:128>
!t2 = !quant.uniform<u8:f32, 0.05>

// A ReLU into another type: the conv requantizes straight into the post-ReLU
// type. The pre-ReLU range [-25.6, 25.4] covers all of the post-ReLU type, so
// the quantizer's saturation does the whole ReLU.
// CHECK-LABEL: func.func @relu_into_post_relu_type
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 : ({{.*}}) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK-NEXT:  return %[[C]]
func.func @relu_into_post_relu_type(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %1 : tensor<1x2x4x4x!t2>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.2:128>
!t2 = !quant.uniform<u8:f32, 0.05>

// The one requantization left follows the activation's requant_mode when it
// has one (it is the activation's requantization that remains), else the
// conv's.
// CHECK-LABEL: func.func @relu_requant_mode_kept
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {requant_mode = #qfold.requant_mode<onnx>}
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {requant_mode = #qfold.requant_mode<tflite>}
func.func @relu_requant_mode_kept(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> (tensor<1x2x4x4x!t2>, tensor<1x2x4x4x!t2>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 {requant_mode = #qfold.requant_mode<onnx>} : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  %2 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<tflite>} : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %3 = qfold.relu %2 : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %1, %3 : tensor<1x2x4x4x!t2>, tensor<1x2x4x4x!t2>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.01:128>
!t2 = !quant.uniform<u8:f32, 0.1>

// The saturation of the pre-ReLU type is kept: its real range [-1.28, 1.27]
// is [0, 13] in the post-ReLU type (1.27 / 0.1 = 12.7 -> 13).
// CHECK-LABEL: func.func @relu_into_wider_type_keeps_saturation
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 13 : i64} : ({{.*}}) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01>>
func.func @relu_into_wider_type_keeps_saturation(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %1 : tensor<1x2x4x4x!t2>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.1:128>
!t2 = !quant.uniform<i8:f32, 0.05:-100>

// ReLU6 into an i8 type with zero point -100: [-100, -100 + 6 / 0.05] = [-100, 20].
// CHECK-LABEL: func.func @relu6_into_i8_type
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 20 : i64, clamp_min = -100 : i64} : ({{.*}}) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 5.000000e-02:-100>>
func.func @relu6_into_i8_type(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %1 : tensor<1x2x4x4x!t2>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.1:128>
!t2 = !quant.uniform<u8:f32, 0.05>

// relu (same type) then clamp into another type: the first fuses as
// [128, 255] in T (real [0, 12.7]), which is [0, 254] in T2, then max 6 -> 120.
// CHECK-LABEL: func.func @relu_then_requantizing_clamp
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 120 : i64} : ({{.*}}) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 5.000000e-02>>
// CHECK-NEXT:  return
func.func @relu_then_requantizing_clamp(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t2> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!t>
  %2 = qfold.clamp %1 {max = 6.0 : f32} : tensor<1x2x4x4x!t> -> tensor<1x2x4x4x!t2>
  return %2 : tensor<1x2x4x4x!t2>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>

// An existing integer range composes with the new one: [100, 200] then
// ReLU at 128 gives [128, 200].
// CHECK-LABEL: func.func @compose_with_existing_range
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 200 : i64, clamp_min = 128 : i64}
func.func @compose_with_existing_range(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x> {
  %0 = qfold.conv2d %x, %w {clamp_min = 100, clamp_max = 200} : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x>
  return %1 : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>

// CHECK-LABEL: func.func @no_fuse_multi_use
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 :
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[C]]
// CHECK-NEXT:  return %[[R]], %[[C]]
func.func @no_fuse_multi_use(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> (tensor<1x2x4x4x!x>, tensor<1x2x4x4x!x>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x>
  return %1, %0 : tensor<1x2x4x4x!x>, tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t2 = !quant.uniform<u8:f32, 0.05>

// Requantizing relu with other users of the conv: nothing moves.
// CHECK-LABEL: func.func @no_fuse_requantizing_multi_use
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d
// CHECK-NEXT:  qfold.relu %[[C]] : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 5.000000e-02>>
func.func @no_fuse_requantizing_multi_use(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> (tensor<1x2x4x4x!t2>, tensor<1x2x4x4x!x>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = qfold.relu %0 : tensor<1x2x4x4x!x> -> tensor<1x2x4x4x!t2>
  return %1, %0 : tensor<1x2x4x4x!t2>, tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>

// A quantized relu that does not follow a conv keeps its meaning, and merges
// with a clamp of the same type.
// CHECK-LABEL: func.func @merge_quantized_same_type
// CHECK-NEXT:  %[[R:.*]] = qfold.clamp %arg0 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  return %[[R]]
func.func @merge_quantized_same_type(%x: tensor<8x!x>) -> tensor<8x!x> {
  %0 = qfold.clamp %x {max = 6.0 : f32} : tensor<8x!x>
  %1 = qfold.relu %0 : tensor<8x!x>
  return %1 : tensor<8x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<u8:f32, 0.05>

// A requantizing relu does not merge with its producer.
// CHECK-LABEL: func.func @no_merge_requantizing
// CHECK-NEXT:  %[[A:.*]] = qfold.relu %arg0 : tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  qfold.relu %[[A]] : tensor<8x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<8x!quant.uniform<u8:f32, 5.000000e-02>>
func.func @no_merge_requantizing(%x: tensor<8x!x>) -> tensor<8x!y> {
  %0 = qfold.relu %x : tensor<8x!x>
  %1 = qfold.relu %0 : tensor<8x!x> -> tensor<8x!y>
  return %1 : tensor<8x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>

// BatchNorm never folds into a quantized conv; a quantized result cannot feed
// qfold.batch_norm directly, so the fold is only offered after a dequantize.
// CHECK-LABEL: func.func @no_bn_fold_quantized
// CHECK:       qfold.conv2d
// CHECK:       quant.dcast
// CHECK:       qfold.batch_norm
func.func @no_bn_fold_quantized(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = quant.dcast %0 : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %2 = qfold.batch_norm %1, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %2 : tensor<1x2x4x4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!t = !quant.uniform<u8:f32, 0.1>

// Disjoint clamps on a quantized conv: [0, 1] then [2, 3] (integers [0, 10]
// then [20, 30]) compose to the single point 20, never an empty range.
// CHECK-LABEL: func.func @disjoint_quantized_clamps
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 {clamp_max = 20 : i64, clamp_min = 20 : i64}
// CHECK-NEXT:  return %[[C]]
func.func @disjoint_quantized_clamps(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!t>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 1.0 : f32} : tensor<1x2x4x4x!t>
  %2 = qfold.clamp %1 {min = 2.0 : f32, max = 3.0 : f32} : tensor<1x2x4x4x!t>
  return %2 : tensor<1x2x4x4x!t>
}
