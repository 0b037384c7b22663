// conv2d(x, dcast(W_q)) -> batch_norm with constant quantized weights (the
// fake quantization of quantization-aware training): the BatchNorm is folded
// before the fake quantization, into the per-channel scales, keeping the
// integers. Run through qfold-fold only: upstream's --canonicalize also folds
// quant.dcast(quant.qcast(x)) to x, which removes a run-time fake
// quantization (see docs/Overview.md); qfold-fold applies no upstream folder.
// RUN: qfold-opt %s -qfold-fold -split-input-file | FileCheck %s

// s = gamma / sqrt(var) = [2 / 1, -1 / 2] = [2, -0.5]. Channel 0 keeps its
// integers at scale 0.5 * 2 = 1; channel 1 is mirrored ([4, 127] -> [-4, -127])
// at scale 0.5 * 0.5 = 0.25. b' = s * (b - mean) + beta = [2 * 0 + 0.5,
// -0.5 * (1 - 2) + 0] = [0.5, 0.5].
// CHECK-LABEL: func.func @fold_into_per_tensor_i8
// CHECK:       %[[I:.*]] = arith.constant dense<{{\[\[\[\[}}1, -3]]], {{\[\[\[}}-4, -127]]]]> : tensor<2x1x1x2xi8>
// CHECK:       %[[Q:.*]] = quant.scast %[[I]] : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8:f32:0, {1.000000e+00,2.500000e-01}>>
// CHECK:       %[[W:.*]] = quant.dcast %[[Q]] : tensor<2x1x1x2x!quant.uniform<i8:f32:0, {1.000000e+00,2.500000e-01}>> to tensor<2x1x1x2xf32>
// CHECK:       %[[B:.*]] = arith.constant dense<5.000000e-01> : tensor<2xf32>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %[[W]], %[[B]] : (tensor<1x1x3x3xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x3x2xf32>
// CHECK-NOT:   qfold.batch_norm
// CHECK:       return %[[C]]
func.func @fold_into_per_tensor_i8(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x2xf32> {
  %i = arith.constant dense<[[[[1, -3]]], [[[4, 127]]]]> : tensor<2x1x1x2xi8>
  %q = quant.scast %i : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>>
  %w = quant.dcast %q : tensor<2x1x1x2x!quant.uniform<i8:f32, 0.5>> to tensor<2x1x1x2xf32>
  %b = arith.constant dense<1.0> : tensor<2xf32>
  %g = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x3x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.0 : f32} : tensor<1x2x3x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x3x2xf32>
}

// -----

// Float weights through qcast (u8, per channel, zero points 128 and 10) are
// quantized at compile time as the lowering would (0.3 / 0.1 + 128 = 131,
// -0.2 / 0.1 + 128 = 126; 0.45 / 0.5 + 10 = 10.9 -> 11, 3.0 / 0.5 + 10 = 16),
// a depthwise conv without bias. s = [3, -1] (gamma / sqrt(0.25 + 0.75)):
// channel 1 mirrors around 10 ([11, 16] -> [9, 4]). b' = -s * mean + beta =
// [-3 * 1 + 0, 1 * 2 + 1] = [-3, 3]. The u8 storage prints as signless i8
// (131 = -125 + 256); 0.1 * 3 is computed in double.
// CHECK-LABEL: func.func @fold_into_qcast_of_float_depthwise
// CHECK:       %[[I:.*]] = arith.constant dense<{{\[\[\[\[}}-125, 126]]], {{\[\[\[}}9, 4]]]]> : tensor<2x1x1x2xi8>
// CHECK:       %[[Q:.*]] = quant.scast %[[I]] : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!quant.uniform<u8:f32:0, {0.30000000000000004:128,5.000000e-01:10}>>
// CHECK:       %[[W:.*]] = quant.dcast %[[Q]]
// CHECK:       %[[B:.*]] = arith.constant dense<[-3.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK:       qfold.conv2d %arg0, %[[W]], %[[B]] {groups = 2 : i64}
// CHECK-NOT:   qfold.batch_norm
func.func @fold_into_qcast_of_float_depthwise(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x2xf32> {
  %f = arith.constant dense<[[[[0.3, -0.2]]], [[[0.45, 3.0]]]]> : tensor<2x1x1x2xf32>
  %q = quant.qcast %f : tensor<2x1x1x2xf32> to tensor<2x1x1x2x!quant.uniform<u8:f32:0, {0.1:128, 0.5:10}>>
  %w = quant.dcast %q : tensor<2x1x1x2x!quant.uniform<u8:f32:0, {0.1:128, 0.5:10}>> to tensor<2x1x1x2xf32>
  %g = arith.constant dense<[3.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %v = arith.constant dense<0.25> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x3x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 0.75 : f32} : tensor<1x2x3x2xf32>, tensor<2xf32>
  return %1 : tensor<1x2x3x2xf32>
}

// -----

// A fake-quantized filter shared with another conv: the other conv keeps the
// original weights, the BatchNorm'd one gets its own rescaled copy.
// CHECK-LABEL: func.func @fold_shared_fake_quantized_filter
// CHECK-DAG:   %[[OLD:.*]] = quant.dcast %{{.*}} : tensor<1x1x1x1x!quant.uniform<i8:f32, 5.000000e-01>> to tensor<1x1x1x1xf32>
// CHECK-DAG:   %[[NEW:.*]] = quant.dcast %{{.*}} : tensor<1x1x1x1x!quant.uniform<i8:f32:0, {1.000000e+00}>> to tensor<1x1x1x1xf32>
// CHECK-DAG:   qfold.conv2d %arg0, %[[NEW]], %{{.*}} :
// CHECK-DAG:   qfold.conv2d %arg0, %[[OLD]] :
// CHECK-NOT:   qfold.batch_norm
func.func @fold_shared_fake_quantized_filter(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %i = arith.constant dense<3> : tensor<1x1x1x1xi8>
  %q = quant.scast %i : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>
  %w = quant.dcast %q : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>> to tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %z = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %z, %z, %v {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  %2 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %1, %2 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Mirroring -128 leaves i8: not exact, so the float fold multiplies the
// dequantized weights instead (still the weights training saw, in float).
// CHECK-LABEL: func.func @no_exact_fold_mirror_out_of_range
// CHECK:       %[[W:.*]] = quant.dcast %{{.*}} : tensor<1x1x1x2x!quant.uniform<i8:f32, 5.000000e-01>> to tensor<1x1x1x2xf32>
// CHECK:       linalg.broadcast
// CHECK:       %[[W2:.*]] = arith.mulf %[[W]], %{{.*}} : tensor<1x1x1x2xf32>
// CHECK:       qfold.conv2d %arg0, %[[W2]], %{{.*}} :
// CHECK-NOT:   qfold.batch_norm
func.func @no_exact_fold_mirror_out_of_range(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x1xf32> {
  %i = arith.constant dense<[[[[-128, 5]]]]> : tensor<1x1x1x2xi8>
  %q = quant.scast %i : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5>>
  %w = quant.dcast %q : tensor<1x1x1x2x!quant.uniform<i8:f32, 0.5>> to tensor<1x1x1x2xf32>
  %g = arith.constant dense<-1.0> : tensor<1xf32>
  %z = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x2x1xf32>
  %1 = qfold.batch_norm %0, %g, %z, %z, %v {epsilon = 0.0 : f32} : tensor<1x1x2x1xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x1xf32>
}

// -----

// Weights fake-quantized at run time (qcast of an argument) and statistics
// from arguments: nothing is known at compile time, the float fold applies.
// CHECK-LABEL: func.func @no_exact_fold_run_time_weights
// CHECK:       quant.qcast %arg1
// CHECK:       %[[W:.*]] = quant.dcast
// CHECK:       arith.mulf %[[W]], %{{.*}} : tensor<1x1x1x1xf32>
// CHECK-NOT:   quant.scast
// CHECK-NOT:   qfold.batch_norm
func.func @no_exact_fold_run_time_weights(%x: tensor<1x1x2x2xf32>, %f: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  %q = quant.qcast %f : tensor<1x1x1x1xf32> to tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>
  %w = quant.dcast %q : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>> to tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %z = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %z, %z, %v {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @no_exact_fold_non_constant_statistics
// CHECK:       %[[W:.*]] = quant.dcast %{{.*}} : tensor<1x1x1x1x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK:       math.sqrt
// CHECK:       arith.mulf %[[W]], %{{.*}} : tensor<1x1x1x1xf32>
// CHECK-NOT:   qfold.batch_norm
func.func @no_exact_fold_non_constant_statistics(%x: tensor<1x1x2x2xf32>, %g: tensor<1xf32>) -> tensor<1x1x2x2xf32> {
  %i = arith.constant dense<3> : tensor<1x1x1x1xi8>
  %q = quant.scast %i : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>
  %w = quant.dcast %q : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>> to tensor<1x1x1x1xf32>
  %z = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %z, %z, %v {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// Quantized along the input-channel axis: a BatchNorm factor per output
// channel cannot go into those scales.
// CHECK-LABEL: func.func @no_exact_fold_axis_1
// CHECK:       %[[W:.*]] = quant.dcast %{{.*}} : tensor<1x2x1x1x!quant.uniform<i8:f32:1, {5.000000e-01,2.500000e-01}>>
// CHECK:       arith.mulf %[[W]], %{{.*}} : tensor<1x2x1x1xf32>
// CHECK-NOT:   qfold.batch_norm
func.func @no_exact_fold_axis_1(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %i = arith.constant dense<3> : tensor<1x2x1x1xi8>
  %q = quant.scast %i : tensor<1x2x1x1xi8> to tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  %w = quant.dcast %q : tensor<1x2x1x1x!quant.uniform<i8:f32:1, {0.5, 0.25}>> to tensor<1x2x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %z = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %z, %z, %v {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

// The conv result has another user: no fold at all.
// CHECK-LABEL: func.func @no_fold_conv_multi_use
// CHECK:       %[[C:.*]] = qfold.conv2d
// CHECK:       qfold.batch_norm %[[C]]
func.func @no_fold_conv_multi_use(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %i = arith.constant dense<3> : tensor<1x1x1x1xi8>
  %q = quant.scast %i : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>
  %w = quant.dcast %q : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>> to tensor<1x1x1x1xf32>
  %g = arith.constant dense<2.0> : tensor<1xf32>
  %z = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %z, %z, %v {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1, %0 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}
