// qfold-fuse-qdq: conv_transpose2d(DQ(x), DQ(W)) becomes the conv2d it equals
// on the stored integers (x spread with its zero point, W's integers
// transposed per group and flipped, per-output-channel scales moved from
// axis 1 to axis 0), which fuses with the Q after it into an integer conv.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-fuse-qdq))" | FileCheck %s

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:1, {0.5, 0.25}>
!y = !quant.uniform<u8:f32, 0.2:10>

// Stride 2 spreads x with 128 (-128 as i8 storage); groups 2 with one input
// channel and two outputs each: W [2, 2, 1, 2] -> [4, 1, 1, 2], the scales
// {0.5, 0.25} repeated per group along axis 0; the weights flipped along the
// width: [[1, 2], [3, 4]] per input channel becomes [2, 1], [4, 3].
// CHECK-LABEL: func.func @spread_transpose_flip
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2, 1]]], {{\[\[\[}}4, 3]]], {{\[\[\[}}6, 5]]], {{\[\[\[}}8, 7]]]]> : tensor<4x1x1x2xi8>
// CHECK-DAG:   %[[WQ:.*]] = quant.scast %[[W]] : tensor<4x1x1x2xi8> to tensor<4x1x1x2x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01,5.000000e-01,2.500000e-01}>>
// CHECK-DAG:   %[[ZP:.*]] = arith.constant -128 : i8
// CHECK-DAG:   %[[XS:.*]] = quant.scast %arg0 : tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:128>> to tensor<1x2x2x2xi8>
// CHECK-DAG:   %[[FILL:.*]] = linalg.fill ins(%[[ZP]] : i8) outs(%{{.*}} : tensor<1x2x3x3xi8>)
// CHECK-DAG:   %[[SPREAD:.*]] = tensor.insert_slice %[[XS]] into %[[FILL]][0, 0, 0, 0] [1, 2, 2, 2] [1, 1, 2, 2]
// CHECK-DAG:   %[[XQ:.*]] = quant.scast %[[SPREAD]] : tensor<1x2x3x3xi8> to tensor<1x2x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK:       qfold.conv2d %[[XQ]], %[[WQ]] {groups = 2 : i64, pads = array<i64: 0, 1, 0, 1>} : {{.*}} -> tensor<1x4x3x4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NOT:   qfold.conv_transpose2d
func.func @spread_transpose_flip(%x: tensor<1x2x2x2x!x>) -> tensor<1x4x3x4x!y> {
  %xf = quant.dcast %x : tensor<1x2x2x2x!x> to tensor<1x2x2x2xf32>
  %wi = arith.constant dense<[[[[1, 2]], [[3, 4]]], [[[5, 6]], [[7, 8]]]]> : tensor<2x2x1x2xi8>
  %wq = quant.scast %wi : tensor<2x2x1x2xi8> to tensor<2x2x1x2x!w>
  %wf = quant.dcast %wq : tensor<2x2x1x2x!w> to tensor<2x2x1x2xf32>
  %0 = qfold.conv_transpose2d %xf, %wf {strides = array<i64: 2, 2>, groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x4x3x4xf32>
  %q = quant.qcast %0 : tensor<1x4x3x4xf32> to tensor<1x4x3x4x!y>
  return %q : tensor<1x4x3x4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>

// Left alone: weights quantized per input channel (axis 0), run-time
// weights, a float input.
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-3: qfold.conv_transpose2d
func.func @left_alone(%x: tensor<1x2x2x2x!x>, %wr: tensor<2x2x1x2xf32>, %xf32: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) {
  %xf = quant.dcast %x : tensor<1x2x2x2x!x> to tensor<1x2x2x2xf32>
  %wi = arith.constant dense<1> : tensor<2x2x1x2xi8>
  %wq = quant.scast %wi : tensor<2x2x1x2xi8> to tensor<2x2x1x2x!w>
  %wf = quant.dcast %wq : tensor<2x2x1x2x!w> to tensor<2x2x1x2xf32>
  %0 = qfold.conv_transpose2d %xf, %wf : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x2x3xf32>
  %1 = qfold.conv_transpose2d %xf, %wr : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x2x3xf32>
  %2 = qfold.conv_transpose2d %xf32, %wf : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x2x3xf32>
  return %0, %1, %2 : tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>
}
