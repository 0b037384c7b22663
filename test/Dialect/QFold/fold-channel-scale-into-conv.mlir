// conv2d -> mul/div/sub by a per-output-channel constant ([1, C, 1, 1], a mul's
// on either side; [1, 1, 1, 1] for every channel) => conv2d with the factor
// in its filter and bias (computed in double, rounded once), the op's clamp
// becoming the conv's. A Caffe-style Scale layer (mul then add) folds
// entirely. Through --canonicalize and through the qfold-fold pass.
// RUN: qfold-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// Hand-computed: filter [1, 2] * [3, -0.5] = [3, -1]; bias [0.5, -1.25] *
// [3, -0.5] = [1.5, 0.625], + shift [0.25, 0.375] = [1.75, 1.0].
// CHECK-LABEL: func.func @scale_then_shift
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[3.000000e+00]]], [{{\[}}[-1.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[1.750000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %[[W]], %[[B]] {clamp_min = 0.000000e+00 : f32} :
// CHECK-NOT:   qfold.mul
// CHECK-NOT:   qfold.add
// CHECK-NOT:   qfold.relu
// CHECK:       return %[[C]]
func.func @scale_then_shift(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.25]> : tensor<2xf32>
  %s = arith.constant dense<[[[[3.0]], [[-0.5]]]]> : tensor<1x2x1x1xf32>
  %t = arith.constant dense<[[[[0.25]], [[0.375]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %s, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.add %1, %t : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %3 = qfold.relu %2 : tensor<1x2x3x3xf32>
  return %3 : tensor<1x2x3x3xf32>
}

// -----

// Hand-computed: filter [1, 2] / [2, 0.25] = [0.5, 8]; bias [0.5, -1.25] /
// [2, 0.25] = [0.25, -5]; the div's relu6 range moves to the conv.
// CHECK-LABEL: func.func @divide
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[5.000000e-01]]], [{{\[}}[8.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[2.500000e-01, -5.000000e+00]> : tensor<2xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32}
// CHECK-NOT:   qfold.div
func.func @divide(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.25]> : tensor<2xf32>
  %c = arith.constant dense<[[[[2.0]], [[0.25]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.div %0, %c {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// Depthwise (groups = 2): each output channel's filter takes its own factor;
// no bias is a zero bias, scaled like any (0 * -0.5 + 0 = +0).
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[3.000000e+00]]], [{{\[}}[-1.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] {groups = 2 : i64}
// CHECK-NOT:   qfold.mul
func.func @depthwise(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %s = arith.constant dense<[[[[3.0]], [[-0.5]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %s : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// One factor for every channel ([1, 1, 1, 1]).
// CHECK-LABEL: func.func @scalar_factor
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[-2.000000e+00]]], [{{\[}}[-4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %{{.*}} {groups = 2 : i64}
// CHECK-NOT:   qfold.mul
func.func @scalar_factor(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %m = arith.constant dense<-2.0> : tensor<1x1x1x1xf32>
  %0 = qfold.conv2d %x, %w {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %m : (tensor<1x2x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// Must not fold: a factor that varies over the image, a run-time factor, a
// conv with another user, a clamp before the mul, a run-time filter, a
// constant divided by the conv, a zero divisor, a quantized mul, and a
// factor whose result broadcasts the conv's.
// CHECK-LABEL: func.func @spatial
// CHECK:       qfold.conv2d
// CHECK:       qfold.mul
func.func @spatial(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x2x3x3xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @runtime_factor
// CHECK:       qfold.conv2d
// CHECK:       qfold.mul
func.func @runtime_factor(%x: tensor<1x1x3x3xf32>, %c: tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @multi_use
// CHECK:       qfold.conv2d
// CHECK:       qfold.mul
func.func @multi_use(%x: tensor<1x1x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @clamp_before
// CHECK:       qfold.conv2d {{.*}}clamp_min
// CHECK:       qfold.mul
func.func @clamp_before(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w {clamp_min = 0.0 : f32} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @runtime_filter
// CHECK:       qfold.conv2d
// CHECK:       qfold.mul
func.func @runtime_filter(%x: tensor<1x1x3x3xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @conv_as_divisor
// CHECK:       qfold.conv2d
// CHECK:       qfold.div
func.func @conv_as_divisor(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.div %c, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @zero_divisor
// CHECK:       qfold.conv2d
// CHECK:       qfold.div
func.func @zero_divisor(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<[[[[2.0]], [[0.0]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.div %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @overflow
// CHECK:       qfold.conv2d
// CHECK:       qfold.mul
func.func @overflow(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<3.0e+38> : tensor<2x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.mul %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @quantized
// CHECK:       qfold.mul
func.func @quantized(%a: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>, %b: tensor<1x2x1x1x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.125>> {
  %0 = qfold.mul %a, %b : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.125>>
  return %0 : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.125>>
}

// -----

// CHECK-LABEL: func.func @broadcasts_conv
// CHECK:       qfold.conv2d
// CHECK:       qfold.mul
func.func @broadcasts_conv(%x: tensor<1x1x3x3xf32>) -> tensor<2x1x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %c = arith.constant dense<2.0> : tensor<2x1x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.mul %0, %c : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<2x1x3x3xf32>
  return %1 : tensor<2x1x3x3xf32>
}

// -----

// A sub folds too: conv - c is a shift (filter untouched, bias [0.5 - 1,
// -1.25 - 2] = [-0.5, -3.25]); c - conv negates the filter ([-1, -2]) and
// gives bias -[0.5, -1.25] + [1, 2] = [0.5, 3.25].
// CHECK-LABEL: func.func @subtract
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[}}[{{\[}}[1.000000e+00]]], [{{\[}}[2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:   %[[B1:.*]] = arith.constant dense<[-5.000000e-01, -3.250000e+00]> : tensor<2xf32>
// CHECK-DAG:   %[[WN:.*]] = arith.constant dense<{{\[}}[{{\[}}[-1.000000e+00]]], [{{\[}}[-2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:   %[[B2:.*]] = arith.constant dense<[5.000000e-01, 3.250000e+00]> : tensor<2xf32>
// CHECK-DAG:   qfold.conv2d %arg0, %[[W]], %[[B1]]
// CHECK-DAG:   qfold.conv2d %arg0, %[[WN]], %[[B2]]
// CHECK-NOT:   qfold.sub
func.func @subtract(%x: tensor<1x1x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, -1.25]> : tensor<2xf32>
  %c = arith.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.sub %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %2 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %3 = qfold.sub %c, %2 : (tensor<1x2x1x1xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %1, %3 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// A shift after a conv with a run-time filter still folds (only the bias
// changes); a scale does not.
// CHECK-LABEL: func.func @runtime_filter_shift
// CHECK:       qfold.conv2d %arg0, %arg1, %{{.*}} :
// CHECK-NOT:   qfold.add
func.func @runtime_filter_shift(%x: tensor<1x1x3x3xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %c = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.add %0, %c : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}
