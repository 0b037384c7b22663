// Float conv2d -> relu/clamp => conv2d with a fused range, and relu/clamp
// chains merged, through --canonicalize and through the qfold-fold pass.
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @fuse_relu
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1, %arg2 {clamp_min = 0.000000e+00 : f32} :
// CHECK-NEXT:  return %[[C]]
func.func @fuse_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %b: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.relu %0 : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @fuse_relu6
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, groups = 2 : i64} :
// CHECK-NEXT:  return %[[C]]
func.func @fuse_relu6(%x: tensor<1x2x4x4xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x4x2x2xf32> {
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x2x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x2x2xf32>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x2x2xf32>
  return %1 : tensor<1x4x2x2xf32>
}

// -----

// An already fused range composes with the new one: [0, +inf) then [-1, 6].
// CHECK-LABEL: func.func @fuse_into_already_fused
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} :
// CHECK-NEXT:  return
func.func @fuse_into_already_fused(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.clamp %0 {min = -1.0 : f32, max = 6.0 : f32} : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// conv -> relu -> clamp(max 6): both absorbed.
// CHECK-LABEL: func.func @fuse_chain
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} :
// CHECK-NEXT:  return
func.func @fuse_chain(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.relu %0 : tensor<1x3x4x4xf32>
  %2 = qfold.clamp %1 {max = 6.0 : f32} : tensor<1x3x4x4xf32>
  return %2 : tensor<1x3x4x4xf32>
}

// -----

// A disjoint clamp after a fused range makes the conv a constant: the range
// collapses to one point instead of becoming empty.
// CHECK-LABEL: func.func @fuse_disjoint_range
// CHECK-NEXT:  qfold.conv2d %arg0, %arg1 {clamp_max = 2.000000e+00 : f32, clamp_min = 2.000000e+00 : f32} :
func.func @fuse_disjoint_range(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32, clamp_max = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.clamp %0 {min = 2.0 : f32, max = 3.0 : f32} : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @no_fuse_multi_use
// CHECK-NEXT:  %[[C:.*]] = qfold.conv2d %arg0, %arg1 :
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %[[C]]
// CHECK-NEXT:  return %[[R]], %[[C]]
func.func @no_fuse_multi_use(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.relu %0 : tensor<1x3x4x4xf32>
  return %1, %0 : tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @no_fuse_not_conv
// CHECK-NEXT:  qfold.relu %arg0
func.func @no_fuse_not_conv(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %1 = qfold.relu %x : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @relu_relu
// CHECK-NEXT:  %[[R:.*]] = qfold.relu %arg0 : tensor<8xf32>
// CHECK-NEXT:  return %[[R]]
func.func @relu_relu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.relu %x : tensor<8xf32>
  %1 = qfold.relu %0 : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @clamp_clamp_intersect
// CHECK-NEXT:  %[[R:.*]] = qfold.clamp %arg0 {max = 3.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<8xf32>
// CHECK-NEXT:  return %[[R]]
func.func @clamp_clamp_intersect(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x {min = -1.0 : f32, max = 3.0 : f32} : tensor<8xf32>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// clamp(clamp(x, 0, 1), 2, 3) == 2 everywhere.
// CHECK-LABEL: func.func @clamp_clamp_disjoint
// CHECK-NEXT:  qfold.clamp %arg0 {max = 2.000000e+00 : f32, min = 2.000000e+00 : f32} : tensor<8xf32>
func.func @clamp_clamp_disjoint(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x {min = 0.0 : f32, max = 1.0 : f32} : tensor<8xf32>
  %1 = qfold.clamp %0 {min = 2.0 : f32, max = 3.0 : f32} : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @relu_then_clamp
// CHECK-NEXT:  qfold.clamp %arg0 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<8xf32>
// CHECK-NEXT:  return
func.func @relu_then_clamp(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.relu %x : tensor<8xf32>
  %1 = qfold.clamp %0 {max = 6.0 : f32} : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// relu(clamp(x, min = -5)) is relu(x).
// CHECK-LABEL: func.func @clamp_then_relu_is_relu
// CHECK-NEXT:  qfold.relu %arg0 : tensor<8xf32>
// CHECK-NEXT:  return
func.func @clamp_then_relu_is_relu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x {min = -5.0 : f32} : tensor<8xf32>
  %1 = qfold.relu %0 : tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @unbounded_clamp_folds
// CHECK-NEXT:  return %arg0
func.func @unbounded_clamp_folds(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// The whole block conv -> batch_norm -> relu becomes one conv.
// CHECK-LABEL: func.func @conv_bn_relu_block
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<3.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<-1.000000e+00> : tensor<1xf32>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %[[W]], %[[B]] {clamp_min = 0.000000e+00 : f32}
// CHECK-NOT:   qfold.batch_norm
// CHECK-NOT:   qfold.relu
// CHECK:       return %[[C]]
func.func @conv_bn_relu_block(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %g = arith.constant dense<3.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  %2 = qfold.relu %1 : tensor<1x1x2x2xf32>
  return %2 : tensor<1x1x2x2xf32>
}
