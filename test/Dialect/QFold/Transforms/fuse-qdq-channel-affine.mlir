// qfold-fuse-qdq: per-channel add/sub/mul/div constants after a conv whose
// filter is dequantized become one batch_norm (gamma = factor, beta = shift,
// mean 0, variance 1, epsilon 0; chains merged in double), which fuses into
// the integer conv with the quantize after it.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-fuse-qdq))" | FileCheck %s

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

// x * [2, -1] + [0.5, 1], then / [4, 2]: scale [0.5, -0.5], shift
// [0.125, 0.5]: the fused conv's weights take the scale exactly (integers
// kept, mirrored for -0.5), and it is quantized straight into y.
// CHECK-LABEL: func.func @scale_layer
// CHECK:       qfold.conv2d %arg0, {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NOT:   qfold.mul
// CHECK-NOT:   qfold.add
// CHECK-NOT:   qfold.div
// CHECK-NOT:   qfold.batch_norm
func.func @scale_layer(%x: tensor<1x1x2x2x!x>) -> tensor<1x2x2x2x!y> {
  %xf = quant.dcast %x : tensor<1x1x2x2x!x> to tensor<1x1x2x2xf32>
  %wi = arith.constant dense<[[[[2]]], [[[4]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %wf = quant.dcast %wq : tensor<2x1x1x1x!w> to tensor<2x1x1x1xf32>
  %s = arith.constant dense<[[[[2.0]], [[-1.0]]]]> : tensor<1x2x1x1xf32>
  %t = arith.constant dense<[[[[0.5]], [[1.0]]]]> : tensor<1x2x1x1xf32>
  %d = arith.constant dense<[[[[4.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %xf, %wf : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.mul %s, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = qfold.add %1, %t : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qfold.div %2, %d : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %q = quant.qcast %3 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  return %q : tensor<1x2x2x2x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

// Left alone (no dequantized conv before it, a factor varying over the
// image, a conv with another user): no batch_norm is written.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:   qfold.batch_norm
// CHECK-COUNT-3: qfold.mul
func.func @left_alone(%x: tensor<1x1x2x2x!x>, %xf32: tensor<1x1x2x2xf32>, %wr: tensor<2x1x1x1xf32>) -> (tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2xf32>) {
  %xf = quant.dcast %x : tensor<1x1x2x2x!x> to tensor<1x1x2x2xf32>
  %wi = arith.constant dense<2> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %wf = quant.dcast %wq : tensor<2x1x1x1x!w> to tensor<2x1x1x1xf32>
  %s = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %sp = arith.constant dense<2.0> : tensor<1x2x2x2xf32>
  %0 = qfold.conv2d %xf, %wr : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.mul %0, %s : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = qfold.conv2d %xf, %wf : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qfold.mul %2, %sp : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = qfold.conv2d %xf, %wf : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %5 = qfold.mul %4, %s : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %q1 = quant.qcast %1 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  %q3 = quant.qcast %3 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  %q5 = quant.qcast %5 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  return %q1, %q3, %q5, %4 : tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2xf32>
}
