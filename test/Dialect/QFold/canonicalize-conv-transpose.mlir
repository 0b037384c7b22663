// conv_transpose2d -> batch_norm (or a per-channel add/sub/mul/div) folds
// along the filter's axis 1 (the output channels, C x O/groups x KH x KW)
// within each group; relu/clamp fuse into its clamp range. Through
// --canonicalize and qfold-fold.
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// Hand-computed: s = gamma / sqrt(0 + 1) = [2, 0.5] scales filter[c, j] by
// s[j]: [[1, 2], [3, 4]] -> [[2, 1], [6, 2]] (scaling axis 0 would give
// [[2, 4], [1.5, 2]]); bias s * (0.5 - mean) + beta = [-1, 1.25]. The relu
// after it becomes clamp_min = 0.
// CHECK-LABEL: func.func @batch_norm_relu
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}6.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[-1.000000e+00, 1.250000e+00]> : tensor<2xf32>
// CHECK:       qfold.conv_transpose2d %arg0, %[[W]], %[[B]] {clamp_min = 0.000000e+00 : f32, strides = array<i64: 2, 2>}
// CHECK-NOT:   qfold.batch_norm
// CHECK-NOT:   qfold.relu
func.func @batch_norm_relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<0.0> : tensor<2xf32>
  %0 = qfold.conv_transpose2d %x, %w, %b {strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
  %1 = qfold.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x5x5xf32>, tensor<2xf32>
  %2 = qfold.relu %1 : tensor<1x2x5x5xf32>
  return %2 : tensor<1x2x5x5xf32>
}

// -----

// Two groups of two input channels, one output channel each: input
// channels 0, 1 take s[0] = 2 and 2, 3 take s[1] = 0.5. No bias: -mean * s
// + beta. A clamp (ReLU6) fuses.
// CHECK-LABEL: func.func @grouped
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}4.000000e+00]]], {{\[\[\[}}1.500000e+00]]], {{\[\[\[}}2.000000e+00]]]]> : tensor<4x1x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[-2.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK:       qfold.conv_transpose2d %arg0, %[[W]], %[[B]] {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, groups = 2 : i64}
func.func @grouped(%x: tensor<1x4x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>
  %gamma = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<0.0> : tensor<2xf32>
  %0 = qfold.conv_transpose2d %x, %w {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  %2 = qfold.clamp %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}

// -----

// Must not fold: another user of the conv_transpose2d; a clamp before the
// batch_norm; a run-time filter.
// CHECK-LABEL: func.func @other_user
// CHECK:       qfold.conv_transpose2d
// CHECK:       qfold.batch_norm
func.func @other_user(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.batch_norm %0, %p, %p, %p, %p {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @clamp_before
// CHECK:       qfold.conv_transpose2d {{.*}}clamp_min
// CHECK:       qfold.batch_norm
func.func @clamp_before(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qfold.conv_transpose2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.batch_norm %0, %p, %p, %p, %p {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @runtime_filter
// CHECK:       qfold.conv_transpose2d
// CHECK:       qfold.batch_norm
func.func @runtime_filter(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.batch_norm %0, %p, %p, %p, %p {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// A per-channel scale and shift after it (mul then sub of [C, 1, 1]
// constants) fold along axis 1 too: filter [[1, 2], [3, 4]] * [2, 0.5] =
// [[2, 1], [6, 2]]; bias (0.5 * [2, 0.5]) - [1, -1] = [0, 1.25]; the sub's
// relu range moves to the conv_transpose2d.
// CHECK-LABEL: func.func @scale_shift
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}6.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[0.000000e+00, 1.250000e+00]> : tensor<2xf32>
// CHECK:       qfold.conv_transpose2d %arg0, %[[W]], %[[B]] {clamp_min = 0.000000e+00 : f32}
// CHECK-NOT:   qfold.mul
// CHECK-NOT:   qfold.sub
func.func @scale_shift(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<0.5> : tensor<2xf32>
  %s = arith.constant dense<[[[[2.0]], [[0.5]]]]> : tensor<1x2x1x1xf32>
  %t = arith.constant dense<[[[[1.0]], [[-1.0]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv_transpose2d %x, %w, %b : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %s, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.sub %1, %t {clamp_min = 0.0 : f32} : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %2 : tensor<1x2x3x3xf32>
}

// -----

// Not folded: a factor that varies over the image; a constant divided by
// the result.
// CHECK-LABEL: func.func @not_per_channel
// CHECK:       qfold.conv_transpose2d
// CHECK:       qfold.mul
// CHECK:       qfold.conv_transpose2d
// CHECK:       qfold.div
func.func @not_per_channel(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = arith.constant dense<2.0> : tensor<1x2x3x3xf32>
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %s : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.conv_transpose2d %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %3 = qfold.div %c, %2 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %1, %3 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}
