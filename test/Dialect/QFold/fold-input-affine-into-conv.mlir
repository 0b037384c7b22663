// A per-input-channel affine map before a float conv2d (add/sub/mul/div of a
// [1, C, 1, 1] constant, a batch_norm) folds into the conv's filter and bias;
// where the conv pads, each input channel is padded with the value the map
// takes to the conv's padding (pad_values), so that the folded conv equals
// the zero-padded conv of the mapped input. Through --canonicalize and
// through the qfold-fold pass.
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// An input normalization (x - m) / s, m = [0.5, -1], s = [2, 0.25], before a
// padded 3x3 conv of ones with bias 0.5. Hand-computed: the filter becomes
// 1 / s = [0.5, 4]; the bias 0.5 + 9 * (0.5 * -0.5 + 4 * 1) = 34.25; the
// padding values are the means [0.5, -1] (the inputs that normalize to 0).
// CHECK-LABEL: func.func @normalization
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[}}[5.000000e-01, 5.000000e-01, 5.000000e-01], {{.*}}[4.000000e+00, 4.000000e+00, 4.000000e+00]]]]> : tensor<1x2x3x3xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<3.425000e+01> : tensor<1xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] {pad_values = array<f32: 5.000000e-01, -1.000000e+00>, pads = array<i64: 1, 1, 1, 1>}
// CHECK-NOT:   qfold.sub
// CHECK-NOT:   qfold.div
func.func @normalization(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %m = arith.constant dense<[[[[0.5]], [[-1.0]]]]> : tensor<1x2x1x1xf32>
  %s = arith.constant dense<[[[[2.0]], [[0.25]]]]> : tensor<1x2x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %b = arith.constant dense<[0.5]> : tensor<1xf32>
  %0 = qfold.sub %x, %m : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.div %0, %s : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.conv2d %1, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  return %2 : tensor<1x1x3x3xf32>
}

// -----

// A BatchNorm before a padded depthwise conv (groups = 2, no bias): scale
// s = 2 / sqrt(3 + 1) = 1 and 0.5 / sqrt(0 + 1) = 0.5, shift beta - mean * s
// = 1 - 2 = -1 and 0.25 - 0.5 * -1 = 0.75. Filter [1, 2] * s = [1, 1]; bias
// 1 * -1 = -1 and 2 * 0.75 = 1.5; padding (0 - shift) / s = 1 and -1.5.
// CHECK-LABEL: func.func @batch_norm_depthwise
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<1.000000e+00> : tensor<2x1x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[-1.000000e+00, 1.500000e+00]> : tensor<2xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] {groups = 2 : i64, pad_values = array<f32: 1.000000e+00, -1.500000e+00>, pads = array<i64: 0, 1, 0, 1>}
// CHECK-NOT:   qfold.batch_norm
func.func @batch_norm_depthwise(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x5xf32> {
  %gamma = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.25]> : tensor<2xf32>
  %mean = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %0 = qfold.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  %1 = qfold.conv2d %0, %w {groups = 2 : i64, pads = array<i64: 0, 1, 0, 1>} : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x5xf32>
  return %1 : tensor<1x2x3x5xf32>
}

// -----

// Without padding no pad_values are needed; a zero factor is then fine
// (the channel just stops contributing). 1 + [0, 3] * x (constants on the
// left): the add folds first (bias 0 + 1 * 1 + 1 * 1 = 2), then the mul
// scales the filter of ones to [0, 3].
// CHECK-LABEL: func.func @unpadded_zero_factor
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<2.000000e+00> : tensor<1xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] :
// CHECK-NOT:   pad_values
func.func @unpadded_zero_factor(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<[[[[0.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>
  %t = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x1x1xf32>
  %0 = qfold.mul %f, %x : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %t, %0 : (tensor<1x1x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.conv2d %1, %w : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %2 : tensor<1x1x3x3xf32>
}

// -----

// Two maps in a row: the second padding value composes with the first
// (p' = (p - shift) / scale): c - x (scale -1, shift 2) after x * 4:
// p = (0 - 2) / -1 = 2, then (2 - 0) / 4 = 0.5.
// CHECK-LABEL: func.func @composed_padding
// CHECK:       qfold.conv2d %arg0, {{.*}}pad_values = array<f32: 5.000000e-01>
func.func @composed_padding(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = qfold.mul %x, %f : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.sub %c, %0 : (tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %2 = qfold.conv2d %1, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %2 : tensor<1x1x3x3xf32>
}

// -----

// Between two convs, an add folds into the first one's bias (no padding
// values needed), not into the second.
// CHECK-LABEL: func.func @prefers_conv_before
// CHECK:       qfold.conv2d %arg0, %{{.*}}, %{{.*}} :
// CHECK:       qfold.conv2d %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>}
// CHECK-NOT:   pad_values
func.func @prefers_conv_before(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.add %0, %c : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %2 = qfold.conv2d %1, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %2 : tensor<1x1x3x3xf32>
}

// -----

// Must not fold: the map has another user; a constant that varies over the
// image; a run-time factor; a clamp on the map; a zero factor where the conv
// pads; a constant divided by x; a run-time filter; the mapped value used as
// the filter.
// CHECK-LABEL: func.func @other_user
// CHECK:       qfold.mul
// CHECK:       qfold.conv2d %0
func.func @other_user(%x: tensor<1x1x3x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) {
  %f = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = qfold.mul %x, %f : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %0, %1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @spatial_constant
// CHECK:       qfold.mul
// CHECK:       qfold.conv2d %0
func.func @spatial_constant(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<4.0> : tensor<1x1x3x3xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = qfold.mul %x, %f : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @runtime_factor
// CHECK:       qfold.mul
// CHECK:       qfold.conv2d %0
func.func @runtime_factor(%x: tensor<1x1x3x3xf32>, %f: tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = qfold.mul %x, %f : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @clamped_map
// CHECK:       qfold.add
// CHECK:       qfold.conv2d %0
func.func @clamped_map(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %c = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = qfold.add %x, %c {clamp_min = 0.0 : f32} : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @padded_zero_factor
// CHECK:       qfold.mul
// CHECK:       qfold.conv2d %0
func.func @padded_zero_factor(%x: tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<[[[[0.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x2x3x3xf32>
  %0 = qfold.mul %x, %f : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.conv2d %0, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @constant_over_x
// CHECK:       qfold.div
// CHECK:       qfold.conv2d %0
func.func @constant_over_x(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %c = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %0 = qfold.div %c, %x : (tensor<1x1x1x1xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @runtime_filter
// CHECK:       qfold.mul
// CHECK:       qfold.conv2d %0
func.func @runtime_filter(%x: tensor<1x1x3x3xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %0 = qfold.mul %x, %f : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @mapped_filter
// CHECK:       qfold.mul
// CHECK:       qfold.conv2d %arg1, %0
func.func @mapped_filter(%w: tensor<1x1x1x1xf32>, %x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %f = arith.constant dense<4.0> : tensor<1x1x1x1xf32>
  %0 = qfold.mul %w, %f : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %1 = qfold.conv2d %x, %0 : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}
