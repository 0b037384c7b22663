// conv2d -> batch_norm => conv2d, through --canonicalize and through the
// qfold-fold pass (which must give the same result).
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// s = 3 / sqrt(3 + 1) = 1.5; w' = 1.5 * 2 = 3; b' = 1.5 * (1 - 2) + 0.5 = -1.
// CHECK-LABEL: func.func @fold_1x1_hand_computed
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<3.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<-1.000000e+00> : tensor<1xf32>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %[[W]], %[[B]] : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
// CHECK-NOT:   qfold.batch_norm
// CHECK:       return %[[C]]
func.func @fold_1x1_hand_computed(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<1.0> : tensor<1xf32>
  %g = arith.constant dense<3.0> : tensor<1xf32>
  %beta = arith.constant dense<0.5> : tensor<1xf32>
  %m = arith.constant dense<2.0> : tensor<1xf32>
  %v = arith.constant dense<3.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// Without a bias, b' = s * (0 - mean) + beta: s = [2, 0.5] (4/sqrt(4), 1/sqrt(4)),
// b' = [2 * -1 + 4, 0.5 * -2 + 0] = [2, -1].
// CHECK-LABEL: func.func @fold_without_bias
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}1.500000e+00]], {{\[\[}}5.000000e-01]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[2.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] :
// CHECK-NOT:   qfold.batch_norm
func.func @fold_without_bias(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[-1.0]]], [[[3.0]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %g = arith.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[4.0, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 4.0]> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Depthwise with channel multiplier 2 (C = 2, groups = 2, O = 4): each of the
// four output channels is scaled by its own factor s = gamma (variance 1,
// epsilon 0), along filter axis 0.
// CHECK-LABEL: func.func @fold_depthwise_multiplier
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]], {{\[\[\[}}6.000000e+00, 8.000000e+00]]], {{\[\[\[}}-1.500000e+01, -1.800000e+01]]], {{\[\[\[}}3.500000e+00, 4.000000e+00]]]]> : tensor<4x1x1x2xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[1.000000e+00, 0.000000e+00, -3.000000e+00, 5.000000e-01]> : tensor<4xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] {groups = 2 : i64}
// CHECK-NOT:   qfold.batch_norm
func.func @fold_depthwise_multiplier(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]], [[[7.0, 8.0]]]]> : tensor<4x1x1x2xf32>
  %b = arith.constant dense<[1.0, 0.0, 1.0, 1.0]> : tensor<4xf32>
  %g = arith.constant dense<[1.0, 2.0, -3.0, 0.5]> : tensor<4xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %one = arith.constant dense<1.0> : tensor<4xf32>
  %0 = qfold.conv2d %x, %w, %b {groups = 2} : (tensor<1x2x3x3xf32>, tensor<4x1x1x2xf32>, tensor<4xf32>) -> tensor<1x4x3x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x4x3x2xf32>, tensor<4xf32>
  return %1 : tensor<1x4x3x2xf32>
}

// -----

// Grouped conv (groups = 2, O = 2): channel c of the BatchNorm scales filter
// slice c only.
// CHECK-LABEL: func.func @fold_grouped
// CHECK-DAG:   arith.constant dense<{{\[\[\[\[}}5.000000e-01]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-4.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-NOT:   qfold.batch_norm
func.func @fold_grouped(%x: tensor<1x4x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %g = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x4x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Computed in double and rounded once (reference computed with Python floats):
// s = f32(0.7) / sqrt(f32(0.013) + f32(1e-5)) = 6.137046018...,
// w' = f32(s * f32(0.1)) = 0.613704621 (bits 0x3f1d1bbf),
// b' = f32(s * (f32(0.3) - f32(0.11)) + f32(-0.2)) = 0.966038823; evaluating
// the same formula step by step in f32 would give 0.966038883.
// CHECK-LABEL: func.func @fold_rounds_once
// CHECK-DAG:   arith.constant dense<0.613704621> : tensor<1x1x1x1xf32>
// CHECK-DAG:   arith.constant dense<0.966038823> : tensor<1xf32>
func.func @fold_rounds_once(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<0.1> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.3> : tensor<1xf32>
  %g = arith.constant dense<0.7> : tensor<1xf32>
  %beta = arith.constant dense<-0.2> : tensor<1xf32>
  %m = arith.constant dense<0.11> : tensor<1xf32>
  %v = arith.constant dense<0.013> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0e-5 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// A constant that another op also uses is not modified: a new one is made.
// CHECK-LABEL: func.func @fold_shared_filter_constant
// CHECK-DAG:   %[[OLD:.*]] = arith.constant dense<2.000000e+00> : tensor<1x1x1x1xf32>
// CHECK-DAG:   %[[NEW:.*]] = arith.constant dense<4.000000e+00> : tensor<1x1x1x1xf32>
// CHECK:       qfold.conv2d %arg0, %[[NEW]]
// CHECK:       return %{{.*}}, %[[OLD]]
func.func @fold_shared_filter_constant(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1, %w : tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>
}

// -----

// Weights passed as arguments (QAT graphs): the same formulas as tensor ops.
// CHECK-LABEL: func.func @fold_non_constant_filter
// CHECK-SAME:  (%[[X:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<3x2x3x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[G:.*]]: tensor<3xf32>, %[[BETA:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK:       %[[EPS:.*]] = arith.constant dense<1.000000e-03> : tensor<3xf32>
// CHECK:       %[[VE:.*]] = arith.addf %[[V]], %[[EPS]] : tensor<3xf32>
// CHECK:       %[[SD:.*]] = math.sqrt %[[VE]] : tensor<3xf32>
// CHECK:       %[[S:.*]] = arith.divf %[[G]], %[[SD]] : tensor<3xf32>
// CHECK:       %[[E:.*]] = tensor.empty() : tensor<3x2x3x3xf32>
// CHECK:       %[[SB:.*]] = linalg.broadcast ins(%[[S]] : tensor<3xf32>) outs(%[[E]] : tensor<3x2x3x3xf32>) dimensions = [1, 2, 3]
// CHECK:       %[[W2:.*]] = arith.mulf %[[W]], %[[SB]] : tensor<3x2x3x3xf32>
// CHECK:       %[[D:.*]] = arith.subf %[[B]], %[[M]] : tensor<3xf32>
// CHECK:       %[[SD2:.*]] = arith.mulf %[[S]], %[[D]] : tensor<3xf32>
// CHECK:       %[[B2:.*]] = arith.addf %[[SD2]], %[[BETA]] : tensor<3xf32>
// CHECK:       qfold.conv2d %[[X]], %[[W2]], %[[B2]] {pads = array<i64: 1, 1, 1, 1>}
// CHECK-NOT:   qfold.batch_norm
func.func @fold_non_constant_filter(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>, %g: tensor<3xf32>, %beta: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0e-3 : f32} : tensor<1x3x4x4xf32>, tensor<3xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// Constant weights but statistics from arguments, no conv bias: b' = s * -mean + beta.
// CHECK-LABEL: func.func @fold_non_constant_statistics
// CHECK:       math.sqrt
// CHECK:       linalg.broadcast
// CHECK:       %[[NEG:.*]] = arith.negf %{{.*}} : tensor<2xf32>
// CHECK:       arith.mulf %{{.*}}, %[[NEG]] : tensor<2xf32>
// CHECK:       qfold.conv2d
// CHECK-NOT:   qfold.batch_norm
func.func @fold_non_constant_statistics(%x: tensor<?x1x2x2xf32>, %g: tensor<2xf32>, %beta: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<?x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<?x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<?x2x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v : tensor<?x2x2x2xf32>, tensor<2xf32>
  return %1 : tensor<?x2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @no_fold_multi_use
// CHECK:       %[[C:.*]] = qfold.conv2d
// CHECK:       %[[BN:.*]] = qfold.batch_norm %[[C]]
// CHECK:       return %[[BN]], %[[C]]
func.func @no_fold_multi_use(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1, %0 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// BN after a clamp is not linear in the conv output.
// CHECK-LABEL: func.func @no_fold_after_fused_clamp
// CHECK:       %[[C:.*]] = qfold.conv2d {{.*}}clamp_min = 0.000000e+00 : f32
// CHECK:       qfold.batch_norm %[[C]]
func.func @no_fold_after_fused_clamp(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// A relu between conv and BN: the relu fuses, and then the BN must not.
// CHECK-LABEL: func.func @no_fold_bn_after_relu
// CHECK:       %[[C:.*]] = qfold.conv2d {{.*}}clamp_min = 0.000000e+00 : f32
// CHECK:       qfold.batch_norm %[[C]]
func.func @no_fold_bn_after_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<-2.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.relu %0 : tensor<1x1x2x2xf32>
  %2 = qfold.batch_norm %1, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %2 : tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @no_fold_input_not_conv
// CHECK:       qfold.batch_norm %arg0
func.func @no_fold_input_not_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.batch_norm %x, %g, %zero, %zero, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// An identity BatchNorm (scale / sqrt(var + eps) == 1 and bias == mean * 1)
// folds away on any input.
// CHECK-LABEL: func.func @identity_folds_away
// CHECK-NEXT:  return %arg0
func.func @identity_folds_away(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %g = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 3.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qfold.batch_norm %x, %g, %b, %b, %v {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Nearly the identity (epsilon 1e-5) is not the identity.
// CHECK-LABEL: func.func @near_identity_kept
// CHECK:       qfold.batch_norm
func.func @near_identity_kept(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %0 = qfold.batch_norm %x, %one, %zero, %zero, %one : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %0 : tensor<1x1x2x2xf32>
}
