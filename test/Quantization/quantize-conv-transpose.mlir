// Before post-training quantization the fold pipeline rewrites a transposed
// conv as the conv2d it equals (decompose-conv-transpose, after the folds:
// the relu is already in its clamp), which qfold-quantize then quantizes.
// RUN: qfold-opt %s --pass-pipeline="builtin.module(qfold-fold{pad-values=false decompose-conv-transpose=true}, func.func(qfold-quantize{calibration=%S/Inputs/calibration.json}))" | FileCheck %s

// The input is spread into its zero point (0 here, as i8 storage) on the
// stored values; the conv is the usual PTQ one (weights 1.27 -> 127,
// -0.5 -> -127 per channel; the clamp [0, 4] -> [0, 200] at 0.02).
// CHECK-LABEL: func.func @deconv
// CHECK:       %[[X:.*]] = quant.qcast %arg0 : tensor<1x1x2x2xf32> to tensor<1x1x2x2x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK:       %[[ZP:.*]] = arith.constant 0 : i8
// CHECK:       %[[FILL:.*]] = linalg.fill ins(%[[ZP]] : i8) outs(%{{.*}} : tensor<1x1x3x3xi8>)
// CHECK:       %[[DEST:.*]] = quant.scast %[[FILL]] : tensor<1x1x3x3xi8> to tensor<1x1x3x3x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK:       %[[SPREAD:.*]] = tensor.insert_slice %[[X]] into %[[DEST]][0, 0, 0, 0] [1, 1, 2, 2] [1, 1, 2, 2]
// CHECK:       %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK:       qfold.conv2d %[[SPREAD]], %{{.*}} {clamp_max = 200 : i64} : {{.*}} -> tensor<1x2x3x3x!quant.uniform<u8:f32, 0.019999999999999997>>
// CHECK-NOT:   qfold.conv_transpose2d
func.func @deconv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.27]], [[-0.5]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 4.0 : f32} : tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}
