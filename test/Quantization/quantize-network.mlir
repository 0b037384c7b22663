// Post-training quantization of whole network blocks: adds, pools and the
// reshapes between them are quantized along with the convs, so the program
// stays integer from the input's qcast to the output's dcast.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%S/Inputs/network-calibration.json}))" | FileCheck %s
// No float qfold op and no dequantize/quantize pair between the first qcast
// and the last dcast (the float weight constants the pass leaves behind are
// not ops of the program's data flow):
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%S/Inputs/network-calibration.json}))" | FileCheck %s --check-prefix=INT
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%S/Inputs/network-calibration.json activation-type=i8}))" | FileCheck %s --check-prefix=I8

// Calibrated ranges (Inputs/network-calibration.json), u8:
//   arg0  [0, 2.55]     -> scale 0.01, zp 0
//   conv0 [0, 5.1]      -> scale 0.02, zp 0
//   conv1 [-1.28, 1.27] -> scale 0.01, zp 128
//   add0  [-1.0, 9.2]   -> scale 0.04, zp 25
//   pool0 [0, 2.55]     -> scale 0.01, zp 0
// With i8 every zero point moves by -128.

// A residual block: conv0 -> conv1, then conv0 + conv1 with the ReLU fused
// into the add. The add reads both quantized conv results (of different
// types) and its ReLU is the output zero point 25.
// CHECK-LABEL: func.func @residual_block
// CHECK:       %[[X:.*]] = quant.qcast %arg0 : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK:       %[[W0:.*]] = arith.constant dense<{{\[\[\[\[}}127]], {{\[\[}}64]]], {{\[\[\[}}-32]], {{\[\[}}127]]]]> : tensor<2x2x1x1xi8>
// CHECK:       %[[B0:.*]] = arith.constant dense<[1270, -2540]> : tensor<2xi32>
// CHECK:       %[[C0:.*]] = qfold.conv2d %[[X]], %{{.*}}, %[[B0]] : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999999999997>>
// CHECK:       %[[C1:.*]] = qfold.conv2d %[[C0]], %{{.*}} {pads = array<i64: 1, 1, 1, 1>} : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0099999999999999984:128>>
// CHECK-NEXT:  %[[S:.*]] = qfold.add %[[C0]], %[[C1]] {clamp_min = 25 : i64} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999999999997>>, tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0099999999999999984:128>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.039999999999999994:25>>
// CHECK-NEXT:  %[[R:.*]] = quant.dcast %[[S]] : {{.*}} to tensor<1x2x4x4xf32>
// CHECK-NEXT:  return %[[R]]
// INT-LABEL:   func.func @residual_block
// INT:         quant.qcast %arg0
// INT-NOT:     quant.dcast
// INT-NOT:     quant.qcast
// INT-NOT:     qfold.{{.*}}xf32>
// INT:         quant.dcast
// INT-NEXT:    return
// I8-LABEL:    func.func @residual_block
// I8:          qfold.add {{.*}} {clamp_min = -103 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.019999999999999997:-128>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 0.0099999999999999984>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.039999999999999994:-103>>
func.func @residual_block(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w0 = arith.constant dense<[[[[1.0]], [[0.5]]], [[[-0.25]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %b0 = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %c0 = qfold.conv2d %x, %w0, %b0 {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %w1 = arith.constant dense<0.125> : tensor<2x2x3x3xf32>
  %c1 = qfold.conv2d %c0, %w1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %s = qfold.add %c0, %c1 {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %s : tensor<1x2x4x4xf32>
}

// -----

// A max pool between convs moves conv0's stored values (its type, no
// calibration point of its own); conv1 reads the quantized pool.
// CHECK-LABEL: func.func @max_pool_between_convs
// CHECK:       %[[C0:.*]] = qfold.conv2d {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999999999997>>
// CHECK-NEXT:  %[[P:.*]] = qfold.max_pool2d %[[C0]] {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999999999997>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.019999999999999997>>
// CHECK:       %[[C1:.*]] = qfold.conv2d %[[P]], %{{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0099999999999999984:128>>
// CHECK-NEXT:  %[[R:.*]] = quant.dcast %[[C1]]
// CHECK-NEXT:  return %[[R]]
// INT-LABEL:   func.func @max_pool_between_convs
// INT:         quant.qcast %arg0
// INT-NOT:     quant.dcast
// INT-NOT:     quant.qcast
// INT-NOT:     qfold.{{.*}}xf32>
// INT:         quant.dcast
// INT-NEXT:    return
// I8-LABEL:    func.func @max_pool_between_convs
// I8:          qfold.max_pool2d {{.*}} -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.019999999999999997:-128>>
func.func @max_pool_between_convs(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w0 = arith.constant dense<[[[[1.0]], [[0.5]]], [[[-0.25]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %c0 = qfold.conv2d %x, %w0 {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %p = qfold.max_pool2d %c0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %w1 = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c1 = qfold.conv2d %p, %w1 : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c1 : tensor<1x2x2x2xf32>
}

// -----

// A classifier head: global average pool (its own calibrated type pool0),
// Flatten (collapse_shape), the Gemm as a 1x1 conv between an expand_shape
// and a collapse_shape. Every reshape carries quantized values; the
// logits are dequantized once, at the end.
// CHECK-LABEL: func.func @classifier_head
// CHECK:       %[[C0:.*]] = qfold.conv2d {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999999999997>>
// CHECK-NEXT:  %[[P:.*]] = qfold.avg_pool2d %[[C0]] {kernel = array<i64: 4, 4>} : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999999999997>> -> tensor<1x2x1x1x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK-NEXT:  %[[F:.*]] = tensor.collapse_shape %[[P]] {{\[\[}}0], [1, 2, 3]] : tensor<1x2x1x1x!quant.uniform<u8:f32, 0.0099999999999999984>> into tensor<1x2x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %[[F]] {{\[\[}}0], [1, 2, 3]] output_shape [1, 2, 1, 1] : tensor<1x2x!quant.uniform<u8:f32, 0.0099999999999999984>> into tensor<1x2x1x1x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK:       %[[W1:.*]] = arith.constant dense<{{\[\[\[\[}}127]], {{\[\[}}-127]]], {{\[\[\[}}127]], {{\[\[}}64]]], {{\[\[\[}}0]], {{\[\[}}127]]]]> : tensor<3x2x1x1xi8>
// CHECK:       %[[B1:.*]] = arith.constant dense<[127, 0, -127]> : tensor<3xi32>
// CHECK-NEXT:  %[[C1:.*]] = qfold.conv2d %[[E]], %{{.*}}, %[[B1]] : {{.*}} -> tensor<1x3x1x1x!quant.uniform<u8:f32, 0.0099999999999999984:128>>
// CHECK-NEXT:  %[[Y:.*]] = tensor.collapse_shape %[[C1]] {{\[\[}}0], [1, 2, 3]] : tensor<1x3x1x1x!quant.uniform<u8:f32, 0.0099999999999999984:128>> into tensor<1x3x!quant.uniform<u8:f32, 0.0099999999999999984:128>>
// CHECK-NEXT:  %[[R:.*]] = quant.dcast %[[Y]] : tensor<1x3x!quant.uniform<u8:f32, 0.0099999999999999984:128>> to tensor<1x3xf32>
// CHECK-NEXT:  return %[[R]]
// INT-LABEL:   func.func @classifier_head
// INT:         quant.qcast %arg0
// INT-NOT:     quant.dcast
// INT-NOT:     quant.qcast
// INT-NOT:     qfold.{{.*}}xf32>
// INT-NOT:     tensor.{{.*}}xf32>
// INT:         quant.dcast
// INT-NEXT:    return
// I8-LABEL:    func.func @classifier_head
// I8:          qfold.avg_pool2d {{.*}} -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.0099999999999999984:-128>>
// I8:          tensor.collapse_shape {{.*}} into tensor<1x3x!quant.uniform<i8:f32, 0.0099999999999999984>>
func.func @classifier_head(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w0 = arith.constant dense<[[[[1.0]], [[0.5]]], [[[-0.25]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %c0 = qfold.conv2d %x, %w0 {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %p = qfold.avg_pool2d %c0 {kernel = array<i64: 4, 4>} : tensor<1x2x4x4xf32> -> tensor<1x2x1x1xf32>
  %f = tensor.collapse_shape %p [[0], [1, 2, 3]] : tensor<1x2x1x1xf32> into tensor<1x2xf32>
  %e = tensor.expand_shape %f [[0], [1, 2, 3]] output_shape [1, 2, 1, 1] : tensor<1x2xf32> into tensor<1x2x1x1xf32>
  %w1 = arith.constant dense<[[[[1.0]], [[-1.0]]], [[[0.5]], [[0.25]]], [[[0.0]], [[2.0]]]]> : tensor<3x2x1x1xf32>
  %b1 = arith.constant dense<[0.01, 0.0, -0.02]> : tensor<3xf32>
  %c1 = qfold.conv2d %e, %w1, %b1 : (tensor<1x2x1x1xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x1x1xf32>
  %y = tensor.collapse_shape %c1 [[0], [1, 2, 3]] : tensor<1x3x1x1xf32> into tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// Must not fire on add1: the table has add0 but no add1. add0 is quantized;
// add1 stays float and reads the dequantized add0 and conv1.
// CHECK-LABEL: func.func @uncalibrated_add
// CHECK:       %[[C1:.*]] = qfold.conv2d {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0099999999999999984:128>>
// CHECK-NEXT:  %[[C1F:.*]] = quant.dcast %[[C1]]
// CHECK-NEXT:  %[[S0:.*]] = qfold.add %{{.*}}, %[[C1]] : {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.039999999999999994:25>>
// CHECK-NEXT:  %[[S0F:.*]] = quant.dcast %[[S0]]
// CHECK-NEXT:  %[[S1:.*]] = qfold.add %[[S0F]], %[[C1F]] : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT:  return %[[S1]]
// INT-LABEL:   func.func @uncalibrated_add
// I8-LABEL:    func.func @uncalibrated_add
// I8:          qfold.add {{.*}} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
func.func @uncalibrated_add(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w0 = arith.constant dense<[[[[1.0]], [[0.5]]], [[[-0.25]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %c0 = qfold.conv2d %x, %w0 {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %w1 = arith.constant dense<0.125> : tensor<2x2x1x1xf32>
  %c1 = qfold.conv2d %c0, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s0 = qfold.add %c0, %c1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %s1 = qfold.add %s0, %c1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %s1 : tensor<1x2x4x4xf32>
}

// -----

// Must not fire on the pool: with padding not counted its windows count 4,
// 6 or 9 positions, so no single multiplier exists; it stays float on the
// dequantized conv0, and conv1 quantizes its float result at pool0's range.
// CHECK-LABEL: func.func @avg_pool_windows_differ
// CHECK:       %[[C0:.*]] = qfold.conv2d {{.*}} -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.019999999999999997>>
// CHECK-NEXT:  %[[C0F:.*]] = quant.dcast %[[C0]]
// CHECK-NEXT:  %[[P:.*]] = qfold.avg_pool2d %[[C0F]] {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32>
// CHECK:       %[[PQ:.*]] = quant.qcast %[[P]] : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK:       qfold.conv2d %[[PQ]]
// INT-LABEL:   func.func @avg_pool_windows_differ
// I8-LABEL:    func.func @avg_pool_windows_differ
// I8:          qfold.avg_pool2d {{.*}} : tensor<1x2x4x4xf32>
func.func @avg_pool_windows_differ(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w0 = arith.constant dense<[[[[1.0]], [[0.5]]], [[[-0.25]], [[1.0]]]]> : tensor<2x2x1x1xf32>
  %c0 = qfold.conv2d %x, %w0 {clamp_min = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %p = qfold.avg_pool2d %c0 {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %w1 = arith.constant dense<0.125> : tensor<2x2x1x1xf32>
  %c1 = qfold.conv2d %p, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c1 : tensor<1x2x4x4xf32>
}

// -----

// Must not fire: an add whose operand is a float function argument without
// a calibration point (arg1) stays float, even with add0 calibrated, and no
// quantize of arg0 is left behind.
// CHECK-LABEL: func.func @add_uncalibrated_operand
// CHECK-NOT:   quant.
// CHECK:       qfold.add %arg0, %arg1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT:   quant.
// INT-LABEL:   func.func @add_uncalibrated_operand
// I8-LABEL:    func.func @add_uncalibrated_operand
func.func @add_uncalibrated_operand(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %s = qfold.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}
