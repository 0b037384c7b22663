// conv2d -> add of a per-output-channel constant ([1, C, 1, 1], either
// side; [1, 1, 1, 1] for every channel) => conv2d with the constant added to
// its bias (computed in double, rounded once; no bias reads as 0), the add's
// clamp becoming the conv's; a relu after the add fuses too. Through
// --canonicalize and through the qfold-fold pass.
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// Hand-computed: bias [0.5, -1.25] + shift [0.25, 2.0] = [0.75, 0.75].
// CHECK-LABEL: func.func @shift
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<7.500000e-01> : tensor<2xf32>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %{{.*}}, %[[B]] {clamp_min = 0.000000e+00 : f32} :
// CHECK-NOT:   qfold.add
// CHECK-NOT:   qfold.relu
// CHECK:       return %[[C]]
func.func @shift(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.25]> : tensor<2xf32>
  %c = arith.constant dense<[[[[0.25]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %c, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.relu %1 : tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}

// -----

// No bias, one value for every channel, the add's relu6 range moves along.
// CHECK-LABEL: func.func @scalar_shift_no_bias
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<-3.000000e+00> : tensor<2xf32>
// CHECK:       qfold.conv2d %arg0, %{{.*}}, %[[B]] {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32}
// CHECK-NOT:   qfold.add
func.func @scalar_shift_no_bias(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<-3.0> : tensor<1x1x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %0, %c {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x2x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// Must not fold: a constant that varies over the image, a run-time shift,
// a conv with another user, a conv whose clamp comes before the add, and a
// conv whose bias is a run-time value.
// CHECK-LABEL: func.func @spatial
// CHECK:       qfold.conv2d
// CHECK:       qfold.add
func.func @spatial(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @runtime_shift
// CHECK:       qfold.conv2d
// CHECK:       qfold.add
func.func @runtime_shift(%x: tensor<1x1x3x3xf32>, %c: tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @multi_use
// CHECK:       qfold.conv2d
// CHECK:       qfold.add
func.func @multi_use(%x: tensor<1x1x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @clamp_before
// CHECK:       qfold.conv2d {{.*}}clamp_min
// CHECK:       qfold.add
func.func @clamp_before(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @runtime_bias
// CHECK:       qfold.conv2d
// CHECK:       qfold.add
func.func @runtime_bias(%x: tensor<1x1x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}
