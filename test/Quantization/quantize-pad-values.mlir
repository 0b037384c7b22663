// PTQ leaves a conv2d with per-channel padding values (a folded input
// normalization) in float, saying why: the quantized form pads with the
// input's zero point.
// RUN: qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%S/Inputs/calibration.json}))" -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @padded
// CHECK:       qfold.conv2d %arg0, {{.*}}pad_values = array<f32: 5.000000e-01>{{.*}} -> tensor<1x2x4x4xf32>
// CHECK-NOT:   quant.
func.func @padded(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.27]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  // expected-remark @+1 {{qfold-quantize left this conv2d in float: the conv pads its input with per-channel values (a folded input normalization); the quantized form pads with the input's zero point}}
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, pad_values = array<f32: 0.5>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}
