// DQ -> conv2d [-> batch_norm] [-> relu/clamp] -> Q  ==>  one quantized conv2d.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-fuse-qdq{report}))" -verify-diagnostics | FileCheck %s
// Everything the fusion writes parses back:
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-fuse-qdq))" 2>/dev/null \
// RUN:   | qfold-opt -split-input-file -o /dev/null

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!y = !quant.uniform<u8:f32, 0.2:10>

// BN folded exactly into the per-channel scales: channel 0 has s = 2 (scale
// 0.5 -> 1.0), channel 1 has s = -1 (weights mirrored, -3 -> 3, scale kept);
// bias' = s * (b - mean) + beta = [0.7, 1.2] quantized at 0.1 * [1.0, 0.25]
// = [7, 48]; the ReLU clamps at the output zero point 10.
// CHECK-LABEL: func.func @conv_bn_relu
// CHECK-DAG:   %[[B:.*]] = arith.constant dense<[7, 48]> : tensor<2xi32>
// CHECK-DAG:   %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2]]], {{\[\[\[}}3]]]]> : tensor<2x1x1x1xi8>
// CHECK-DAG:   %[[WQ:.*]] = quant.scast %[[W]] : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {1.000000e+00,2.500000e-01}>>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %[[WQ]], %[[B]] {clamp_min = 10 : i64}
// CHECK-SAME:    -> tensor<1x2x4x4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  return %[[C]]
func.func @conv_bn_relu(%x: tensor<1x1x4x4x!x>) -> tensor<1x2x4x4x!y> {
  %wi = arith.constant dense<[[[[2]]], [[[-3]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %w = quant.dcast %wq : tensor<2x1x1x1x!w> to tensor<2x1x1x1xf32>
  %xf = quant.dcast %x : tensor<1x1x4x4x!x> to tensor<1x1x4x4xf32>
  %b = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %g = arith.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %c = qfold.conv2d %xf, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %bn = qfold.batch_norm %c, %g, %beta, %m, %v {epsilon = 0.0 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32>
  %r = qfold.relu %bn : tensor<1x2x4x4xf32>
  %q = quant.qcast %r : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!y>
  return %q : tensor<1x2x4x4x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.05:-3>
!y = !quant.uniform<i8:f32, 0.1:-128>

// Float weights through a fake quantization (qcast of a constant) are
// quantized at compile time: 0.26 / 0.25 = 1.04 -> 1, -0.7 / 0.25 = -2.8 -> -3.
// ReLU6 in the output type: [-128, -128 + 6 / 0.1] = [-128, -68]. The bias is
// a dequantized i32: 3 * 0.0125 = 0.0375, requantized at 0.05 * 0.25.
// CHECK-LABEL: func.func @fake_quant_weights_relu6_dq_bias
// CHECK-DAG:   arith.constant dense<3> : tensor<1xi32>
// CHECK-DAG:   arith.constant dense<{{\[\[\[\[}}1, -3]]]]> : tensor<1x1x1x2xi8>
// CHECK:       qfold.conv2d %arg0, %{{.*}}, %{{.*}} {clamp_max = -68 : i64}
// CHECK-NOT:   quant.dcast
!w = !quant.uniform<i8:f32, 0.25>
!b = !quant.uniform<i32:f32, 0.0125>
func.func @fake_quant_weights_relu6_dq_bias(%x: tensor<1x1x3x3x!x>) -> tensor<1x1x3x2x!y> {
  %wf = arith.constant dense<[[[[0.26, -0.7]]]]> : tensor<1x1x1x2xf32>
  %wq = quant.qcast %wf : tensor<1x1x1x2xf32> to tensor<1x1x1x2x!w>
  %w = quant.dcast %wq : tensor<1x1x1x2x!w> to tensor<1x1x1x2xf32>
  %bi = arith.constant dense<3> : tensor<1xi32>
  %bq = quant.scast %bi : tensor<1xi32> to tensor<1x!b>
  %b = quant.dcast %bq : tensor<1x!b> to tensor<1xf32>
  %xf = quant.dcast %x : tensor<1x1x3x3x!x> to tensor<1x1x3x3xf32>
  %c = qfold.conv2d %xf, %w, %b : (tensor<1x1x3x3xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>) -> tensor<1x1x3x2xf32>
  %r = qfold.clamp %c {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x1x3x2xf32>
  %q = quant.qcast %r : tensor<1x1x3x2xf32> to tensor<1x1x3x2x!y>
  return %q : tensor<1x1x3x2x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.05:-3>
!y = !quant.uniform<i8:f32, 0.1:-128>

// Constant weights behind a qcast round as the run-time qcast does, in f32:
// -12.0500002 / 0.1 is -120.5 in f32 (a tie, to even: -120) but -120.500002
// with the scale in double (-121, before the fix).
// CHECK-LABEL: func.func @fake_quant_weights_f32_rounding
// CHECK:       arith.constant dense<{{\[\[\[\[}}-120, 3]]]]> : tensor<1x1x1x2xi8>
!w = !quant.uniform<i8:f32, 0.1>
func.func @fake_quant_weights_f32_rounding(%x: tensor<1x1x3x3x!x>) -> tensor<1x1x3x2x!y> {
  %wf = arith.constant dense<[[[[-12.0500002, 0.3]]]]> : tensor<1x1x1x2xf32>
  %wq = quant.qcast %wf : tensor<1x1x1x2xf32> to tensor<1x1x1x2x!w>
  %w = quant.dcast %wq : tensor<1x1x1x2x!w> to tensor<1x1x1x2xf32>
  %xf = quant.dcast %x : tensor<1x1x3x3x!x> to tensor<1x1x3x3xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x3x2xf32>
  %q = quant.qcast %c : tensor<1x1x3x2xf32> to tensor<1x1x3x2x!y>
  return %q : tensor<1x1x3x2x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<u8:f32, 0.5:100>
!y = !quant.uniform<u8:f32, 0.2:10>

// Run-time weights without a BatchNorm: the quantized weights are used as
// they are; no bias, no activation (the saturation of Y only).
// CHECK-LABEL: func.func @runtime_weights
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %arg1 : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<3x2x3x3x!quant.uniform<u8:f32, 5.000000e-01:100>>) -> tensor<1x3x2x2x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  return %[[C]]
func.func @runtime_weights(%x: tensor<1x2x4x4x!x>, %wq: tensor<3x2x3x3x!w>) -> tensor<1x3x2x2x!y> {
  %w = quant.dcast %wq : tensor<3x2x3x3x!w> to tensor<3x2x3x3xf32>
  %xf = quant.dcast %x : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x2x2xf32>
  %q = quant.qcast %c : tensor<1x3x2x2xf32> to tensor<1x3x2x2x!y>
  return %q : tensor<1x3x2x2x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

// The dequantized input also feeds another op (a residual connection): the
// conv fuses and reads the quantized input; the dequantize stays for the
// other user.
// CHECK-LABEL: func.func @fuse_dq_with_two_users
// CHECK:       %[[XF:.*]] = quant.dcast %arg0
// CHECK:       qfold.conv2d %arg0, %{{.*}} : (tensor<1x1x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NOT:   quant.qcast
// CHECK:       return %{{.*}}, %[[XF]]
func.func @fuse_dq_with_two_users(%x: tensor<1x1x4x4x!x>, %wq: tensor<1x1x1x1x!w>) -> (tensor<1x1x4x4x!y>, tensor<1x1x4x4xf32>) {
  %w = quant.dcast %wq : tensor<1x1x1x1x!w> to tensor<1x1x1x1xf32>
  %xf = quant.dcast %x : tensor<1x1x4x4x!x> to tensor<1x1x4x4xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %q = quant.qcast %c : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!y>
  return %q, %xf : tensor<1x1x4x4x!y>, tensor<1x1x4x4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<i32:f32, 0.2>

// A quantize op of another (32-bit) type: left alone.
// CHECK-LABEL: func.func @no_fuse_other_q_type
// CHECK:       qfold.conv2d %{{.*}} : (tensor<1x1x4x4xf32>
func.func @no_fuse_other_q_type(%x: tensor<1x1x4x4x!x>, %wq: tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!y> {
  %w = quant.dcast %wq : tensor<1x1x1x1x!w> to tensor<1x1x1x1xf32>
  %xf = quant.dcast %x : tensor<1x1x4x4x!x> to tensor<1x1x4x4xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: the quantize op's type is not a per-tensor 8-bit type}}
  %q = quant.qcast %c : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!y>
  return %q : tensor<1x1x4x4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>

// No quantize op after the conv: nothing to fuse, the float conv stays.
// CHECK-LABEL: func.func @no_fuse_missing_q
// CHECK:       quant.dcast
// CHECK:       qfold.conv2d %{{.*}} : (tensor<1x1x4x4xf32>
// CHECK:       qfold.relu
func.func @no_fuse_missing_q(%x: tensor<1x1x4x4x!x>, %wq: tensor<1x1x1x1x!w>) -> tensor<1x1x4x4xf32> {
  %w = quant.dcast %wq : tensor<1x1x1x1x!w> to tensor<1x1x1x1xf32>
  %xf = quant.dcast %x : tensor<1x1x4x4x!x> to tensor<1x1x4x4xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %r = qfold.relu %c : tensor<1x1x4x4xf32>
  return %r : tensor<1x1x4x4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

// A BatchNorm cannot be folded into weights known only at run time.
// CHECK-LABEL: func.func @no_fuse_bn_runtime_weights
// CHECK:       qfold.batch_norm
func.func @no_fuse_bn_runtime_weights(%x: tensor<1x1x4x4x!x>, %wq: tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!y> {
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %w = quant.dcast %wq : tensor<1x1x1x1x!w> to tensor<1x1x1x1xf32>
  %xf = quant.dcast %x : tensor<1x1x4x4x!x> to tensor<1x1x4x4xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %bn = qfold.batch_norm %c, %one, %zero, %zero, %one : tensor<1x1x4x4xf32>, tensor<1xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: a batch_norm cannot be folded into run-time weights}}
  %q = quant.qcast %bn : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!y>
  return %q : tensor<1x1x4x4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

// The float conv result is also returned: left alone.
// CHECK-LABEL: func.func @no_fuse_conv_two_users
// CHECK:       qfold.conv2d %{{.*}} : (tensor<1x1x4x4xf32>
func.func @no_fuse_conv_two_users(%x: tensor<1x1x4x4x!x>, %wq: tensor<1x1x1x1x!w>) -> (tensor<1x1x4x4x!y>, tensor<1x1x4x4xf32>) {
  %w = quant.dcast %wq : tensor<1x1x1x1x!w> to tensor<1x1x1x1xf32>
  %xf = quant.dcast %x : tensor<1x1x4x4x!x> to tensor<1x1x4x4xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: the conv2d result has several users}}
  %q = quant.qcast %c : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!y>
  return %q, %c : tensor<1x1x4x4x!y>, tensor<1x1x4x4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<u8:f32, 0.5:128>
!y = !quant.uniform<u8:f32, 0.2:10>

// u8 weights (zero point 128) and a negative BatchNorm factor (s = -1): the
// mirrored weight 2 * 128 - 0 = 256 leaves u8, so the channel is
// re-quantized symmetrically around the middle of u8 (zero point 128, limit
// 127; before the fix the limit was min(-0, 255) = 0 and the scale inf):
// s = -0.5 / sqrt(0.25) = -1, real weights -1 * 0.5 * ([0, 200] - 128) =
// [64, -36], scale 64 / 127, integers 128 + [127, -71] = [255, 57] (-1 and
// 57 as i8 bits).
// CHECK-LABEL: func.func @u8_weights_negative_gamma_requantized
// CHECK:       %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}-1, 57]]]]> : tensor<1x1x1x2xi8>
// CHECK:       quant.scast %[[W]] : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!quant.uniform<u8:f32:0, {0.50393700787401574:128}>>
// CHECK:       qfold.conv2d
// CHECK-NOT:   qfold.batch_norm
func.func @u8_weights_negative_gamma_requantized(%x: tensor<1x1x3x3x!x>) -> tensor<1x1x3x2x!y> {
  %wi = arith.constant dense<[[[[0, -56]]]]> : tensor<1x1x1x2xi8>
  %wq = quant.scast %wi : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!w>
  %w = quant.dcast %wq : tensor<1x1x1x2x!w> to tensor<1x1x1x2xf32>
  %xf = quant.dcast %x : tensor<1x1x3x3x!x> to tensor<1x1x3x3xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x3x2xf32>
  %g = arith.constant dense<-0.5> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<0.25> : tensor<1xf32>
  %bn = qfold.batch_norm %c, %g, %zero, %zero, %v {epsilon = 0.0 : f32} : tensor<1x1x3x2xf32>, tensor<1xf32>
  %q = quant.qcast %bn : tensor<1x1x3x2xf32> to tensor<1x1x3x2x!y>
  return %q : tensor<1x1x3x2x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

// i8 weights with -128 and a negative factor (s = -1): -(-128) = 128 leaves
// i8, so the channel is re-quantized symmetrically (zero point 0, limit
// 127): real weights [64, -30], scale 64 / 127, integers [127, -60].
// CHECK-LABEL: func.func @i8_minus_128_negative_gamma_requantized
// CHECK:       %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}127, -60]]]]> : tensor<1x1x1x2xi8>
// CHECK:       quant.scast %[[W]] : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!quant.uniform<i8:f32:0, {0.50393700787401574}>>
func.func @i8_minus_128_negative_gamma_requantized(%x: tensor<1x1x3x3x!x>) -> tensor<1x1x3x2x!y> {
  %wi = arith.constant dense<[[[[-128, 60]]]]> : tensor<1x1x1x2xi8>
  %wq = quant.scast %wi : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!w>
  %w = quant.dcast %wq : tensor<1x1x1x2x!w> to tensor<1x1x1x2xf32>
  %xf = quant.dcast %x : tensor<1x1x3x3x!x> to tensor<1x1x3x3xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x3x3xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x3x2xf32>
  %g = arith.constant dense<-1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %bn = qfold.batch_norm %c, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x3x2xf32>, tensor<1xf32>
  %q = quant.qcast %bn : tensor<1x1x3x2xf32> to tensor<1x1x3x2x!y>
  return %q : tensor<1x1x3x2x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.01:10>

// gamma = 0 on channel 0: its weights all become the zero point and its
// scale y_scale / x_scale = 0.1, so the bias is quantized at the output
// scale: 0.04 / 0.01 = 4 (before the fix: scale 1, bias round(0.04 / 0.1)
// = 0). Channel 1 (s = 2) keeps its integers at scale 1.0.
// CHECK-LABEL: func.func @zero_gamma_bias_at_output_scale
// CHECK-DAG:   arith.constant dense<[4, 1]> : tensor<2xi32>
// CHECK-DAG:   arith.constant dense<{{\[\[\[\[}}0]]], {{\[\[\[}}3]]]]> : tensor<2x1x1x1xi8>
// CHECK-DAG:   quant.scast %{{.*}} : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.099999999999999992,1.000000e+00}>>
func.func @zero_gamma_bias_at_output_scale(%x: tensor<1x1x3x3x!x>) -> tensor<1x2x3x3x!y> {
  %wi = arith.constant dense<[[[[5]]], [[[3]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %w = quant.dcast %wq : tensor<2x1x1x1x!w> to tensor<2x1x1x1xf32>
  %xf = quant.dcast %x : tensor<1x1x3x3x!x> to tensor<1x1x3x3xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %g = arith.constant dense<[0.0, 2.0]> : tensor<2xf32>
  %b = arith.constant dense<[0.04, 0.1]> : tensor<2xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %bn = qfold.batch_norm %c, %g, %b, %zero, %one {epsilon = 0.0 : f32} : tensor<1x2x3x3xf32>, tensor<2xf32>
  %q = quant.qcast %bn : tensor<1x2x3x3xf32> to tensor<1x2x3x3x!y>
  return %q : tensor<1x2x3x3x!y>
}
