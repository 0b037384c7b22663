// Post-training quantization from a calibration table.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%S/Inputs/calibration.json}))" | FileCheck %s
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%S/Inputs/calibration.json activation-type=i8}))" | FileCheck %s --check-prefix=I8

// arg0 in [0, 2.55] -> u8 scale 0.01 zp 0; conv0 in [0, 5.1] -> scale 0.02
// zp 0, so the fused clamp [0, 4] becomes [0, 200] (0 is the type's own
// minimum, so no clamp_min); conv1 in [-1, 1.55] -> scale 0.01 zp 100.
// Weights are symmetric per channel: 1.27 -> 127 at 0.01, -0.5 -> -127 at
// 0.5/127; bias 0.1 / (0.01 * 0.01) = 1000, 0.2 / (0.01 * 0.5/127) = 5080.
// conv1 reads conv0's quantized result directly (no dcast/qcast pair).
// CHECK-LABEL: func.func @chain
// CHECK:       %[[X:.*]] = quant.qcast %arg0 : tensor<1x1x2x2xf32> to tensor<1x1x2x2x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK:       %[[W0:.*]] = arith.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK:       %[[W0Q:.*]] = quant.scast %[[W0]] {{.*}} to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.009999999849815068,0.003937007874015748}>>
// CHECK:       %[[B0:.*]] = arith.constant dense<[1000, 5080]> : tensor<2xi32>
// CHECK:       %[[C0:.*]] = qfold.conv2d %[[X]], %[[W0Q]], %[[B0]] {clamp_max = 200 : i64}
// CHECK-SAME:    -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.019999999999999997>>
// CHECK:       %[[W1:.*]] = arith.constant dense<{{\[\[\[\[}}64]], {{\[\[}}127]]], {{\[\[\[}}-127]], {{\[\[}}0]]]]> : tensor<2x2x1x1xi8>
// CHECK:       %[[W1Q:.*]] = quant.scast %[[W1]]
// CHECK:       %[[C1:.*]] = qfold.conv2d %[[C0]], %[[W1Q]] :
// CHECK-SAME:    -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0099999999999999984:100>>
// CHECK:       %[[R:.*]] = quant.dcast %[[C1]] {{.*}} to tensor<1x2x2x2xf32>
// CHECK:       return %[[R]]
// With i8 activations the zero points move by -128 and the clamp follows.
// I8-LABEL: func.func @chain
// I8:       qfold.conv2d {{.*}} {clamp_max = 72 : i64}
// I8-SAME:    -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.019999999999999997:-128>>
// I8:       -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.0099999999999999984:-28>>
func.func @chain(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w0 = arith.constant dense<[[[[1.27]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  %b0 = arith.constant dense<[0.1, 0.2]> : tensor<2xf32>
  %c0 = qfold.conv2d %x, %w0, %b0 {clamp_min = 0.0 : f32, clamp_max = 4.0 : f32} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %w1 = arith.constant dense<[[[[0.25]], [[0.5]]], [[[-1.0]], [[0.0]]]]> : tensor<2x2x1x1xf32>
  %c1 = qfold.conv2d %c0, %w1 : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c1 : tensor<1x2x2x2xf32>
}

// -----

// Must not fire: weights that are not constant stay float.
// CHECK-LABEL: func.func @dynamic_weights
// CHECK-NOT:   quant.
// CHECK:       qfold.conv2d %arg0, %arg1 : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
func.func @dynamic_weights(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %c = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

// Must not fire: the table has no range for this function's second argument
// (arg1), which the only conv reads.
// CHECK-LABEL: func.func @uncalibrated_input
// CHECK-NOT:   quant.
// CHECK:       qfold.conv2d %arg1
func.func @uncalibrated_input(%unused: tensor<1xf32>, %x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}

// -----

// Must not fire: a bias that does not fit i32 at input_scale * weight_scale
// leaves the conv float (and adds nothing).
// CHECK-LABEL: func.func @huge_bias
// CHECK-NOT:   quant.
// CHECK:       qfold.conv2d %arg0
func.func @huge_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0e-6]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0e6, 0.0]> : tensor<2xf32>
  %c = qfold.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}
