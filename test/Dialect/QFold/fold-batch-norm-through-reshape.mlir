// RUN: qfold-opt %s --split-input-file --qfold-fold | FileCheck %s
// RUN: qfold-opt %s --split-input-file --canonicalize | FileCheck %s

// Linear + BatchNorm1d + ReLU: a Gemm imported as a 1x1 conv, reshaped to
// [N, M], then BatchNormalization over M. The BatchNorm moves above the
// reshape (dimension 1 is grouped only with size-1 dimensions) and folds:
// s = gamma / sqrt(var) = [0.5, 1, -0.5, 0.25], filter 1.0 * s, bias
// s * (0 - 0.1) + 0.25 = [0.2, 0.15, 0.3, 0.225]; the ReLU becomes the clamp.
// CHECK-LABEL: func.func @linear_batchnorm1d
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01]], {{.*}}1.000000e+00]], {{.*}}-5.000000e-01]], {{.*}}2.500000e-01]]]]> : tensor<4x2x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[2.000000e-01, 1.500000e-01, 3.000000e-01, 2.250000e-01]> : tensor<4xf32>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %[[W]], %[[B]] {clamp_min = 0.000000e+00 : f32}
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[\[}}0], [1, 2, 3]]
// CHECK-NEXT:  return %[[R]]
func.func @linear_batchnorm1d(%x: tensor<3x2x1x1xf32>) -> tensor<3x4xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %c = qfold.conv2d %x, %w : (tensor<3x2x1x1xf32>, tensor<4x2x1x1xf32>) -> tensor<3x4x1x1xf32>
  %r = tensor.collapse_shape %c [[0], [1, 2, 3]] : tensor<3x4x1x1xf32> into tensor<3x4xf32>
  %s = arith.constant dense<[1.0, 2.0, -1.0, 0.5]> : tensor<4xf32>
  %b = arith.constant dense<0.25> : tensor<4xf32>
  %m = arith.constant dense<0.1> : tensor<4xf32>
  %v = arith.constant dense<4.0> : tensor<4xf32>
  %y = qfold.batch_norm %r, %s, %b, %m, %v {epsilon = 0.0 : f32} : tensor<3x4xf32>, tensor<4xf32>
  %z = qfold.relu %y : tensor<3x4xf32>
  return %z : tensor<3x4xf32>
}

// -----

// A 1-D conv (imported as a 2-D conv of height 1 between reshapes) ->
// BatchNorm1d -> ReLU: one conv.
// CHECK-LABEL: func.func @conv1d_batchnorm1d
// CHECK-NOT:   qfold.batch_norm
// CHECK-NOT:   qfold.relu
// CHECK:       qfold.conv2d {{.*}}clamp_min = 0.000000e+00
// CHECK-NEXT:  tensor.collapse_shape {{.*}} {{\[\[}}0], [1], [2, 3]]
func.func @conv1d_batchnorm1d(%x: tensor<1x2x1x8xf32>) -> tensor<1x3x6xf32> {
  %w = arith.constant dense<1.0> : tensor<3x2x1x3xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x2x1x8xf32>, tensor<3x2x1x3xf32>) -> tensor<1x3x1x6xf32>
  %r = tensor.collapse_shape %c [[0], [1], [2, 3]] : tensor<1x3x1x6xf32> into tensor<1x3x6xf32>
  %p = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %y = qfold.batch_norm %r, %p, %p, %p, %p : tensor<1x3x6xf32>, tensor<3xf32>
  %z = qfold.relu %y : tensor<1x3x6xf32>
  return %z : tensor<1x3x6xf32>
}

// -----

// Left alone: the reshape merges the channels with a spatial dimension of
// size 2 (BatchNorm would normalize other channels); the reshape has another
// user; the reshape's source is not a conv.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-3: qfold.batch_norm
func.func @left_alone(%x: tensor<1x2x2x1xf32>, %a: tensor<1x3x1x1xf32>) -> (tensor<1x6xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<3x2x1x1xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x2x2x1xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x2x1xf32>
  %r = tensor.collapse_shape %c [[0], [1, 2, 3]] : tensor<1x3x2x1xf32> into tensor<1x6xf32>
  %p6 = arith.constant dense<2.0> : tensor<6xf32>
  %y = qfold.batch_norm %r, %p6, %p6, %p6, %p6 : tensor<1x6xf32>, tensor<6xf32>
  %w3 = arith.constant dense<1.0> : tensor<3x3x1x1xf32>
  %c2 = qfold.conv2d %a, %w3 : (tensor<1x3x1x1xf32>, tensor<3x3x1x1xf32>) -> tensor<1x3x1x1xf32>
  %r2 = tensor.collapse_shape %c2 [[0], [1, 2, 3]] : tensor<1x3x1x1xf32> into tensor<1x3xf32>
  %p3 = arith.constant dense<2.0> : tensor<3xf32>
  %y2 = qfold.batch_norm %r2, %p3, %p3, %p3, %p3 : tensor<1x3xf32>, tensor<3xf32>
  %r3 = tensor.collapse_shape %a [[0], [1, 2, 3]] : tensor<1x3x1x1xf32> into tensor<1x3xf32>
  %y3 = qfold.batch_norm %r3, %p3, %p3, %p3, %p3 : tensor<1x3xf32>, tensor<3xf32>
  return %y, %y2, %r2, %y3, %r3 : tensor<1x6xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>
}
