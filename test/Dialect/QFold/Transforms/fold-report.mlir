// qfold-fold{report}: degenerate but valid BatchNorms are not folded into
// values that f32 or the quant types cannot hold, and every batch_norm left
// gets a remark saying why. Whatever the pass writes parses back.
// RUN: qfold-opt %s -split-input-file --qfold-fold="report" -verify-diagnostics | FileCheck %s
// RUN: qfold-opt %s -split-input-file --qfold-fold 2>/dev/null | qfold-opt -split-input-file -o /dev/null

// gamma 3e38 over variance 1e-40: s = 3e58, the folded filter would be inf.
// CHECK-LABEL: func.func @no_fold_filter_overflows_f32
// CHECK:       qfold.conv2d
// CHECK:       qfold.batch_norm
func.func @no_fold_filter_overflows_f32(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<3.0e38> : tensor<1xf32>
  %b = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0e-40> : tensor<1xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  // expected-remark @+1 {{batch_norm left unfolded: the folded filter of channel 0 is inf in f32}}
  %n = qfold.batch_norm %c, %g, %b, %b, %v {epsilon = 0.0 : f32} : tensor<1x1x4x4xf32>, tensor<1xf32>
  return %n : tensor<1x1x4x4xf32>
}

// -----

// The same overflow in the bias alone (mean 1e30, s = 1e10).
// CHECK-LABEL: func.func @no_fold_bias_overflows_f32
// CHECK:       qfold.batch_norm
func.func @no_fold_bias_overflows_f32(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = arith.constant dense<1.0e-20> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<1.0> : tensor<1xf32>
  %b = arith.constant dense<0.0> : tensor<1xf32>
  %m = arith.constant dense<1.0e30> : tensor<1xf32>
  %v = arith.constant dense<1.0e-20> : tensor<1xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  // expected-remark @+1 {{batch_norm left unfolded: the folded bias of channel 0 is -inf in f32}}
  %n = qfold.batch_norm %c, %g, %b, %m, %v {epsilon = 0.0 : f32} : tensor<1x1x4x4xf32>, tensor<1xf32>
  return %n : tensor<1x1x4x4xf32>
}

// -----

// Other reasons are reported too: a conv with another user.
// CHECK-LABEL: func.func @no_fold_conv_two_users
func.func @no_fold_conv_two_users(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>, %p: tensor<1xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %c = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  // expected-remark @+1 {{batch_norm left unfolded: the conv2d has other users}}
  %n = qfold.batch_norm %c, %p, %p, %p, %p : tensor<1x1x4x4xf32>, tensor<1xf32>
  return %n, %c : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// -----

// Fake-quantized weights and gamma 1e-44: the per-channel scale 0.5 * 1e-44
// is below f32's normal range (the type would not parse back), so the
// BatchNorm is not folded into the scale; the float fold multiplies the
// dequantized filter instead (f32 arithmetic, no new quantized type).
// CHECK-LABEL: func.func @fake_quant_tiny_gamma_not_into_scale
// CHECK-NOT:   quant.uniform<i8:f32:0
// CHECK:       arith.mulf
// CHECK:       qfold.conv2d
// CHECK-NOT:   qfold.batch_norm
!w = !quant.uniform<i8:f32, 0.5>
func.func @fake_quant_tiny_gamma_not_into_scale(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %wi = arith.constant dense<3> : tensor<1x1x1x1xi8>
  %wq = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!w>
  %w = quant.dcast %wq : tensor<1x1x1x1x!w> to tensor<1x1x1x1xf32>
  %g = arith.constant dense<1.0e-44> : tensor<1xf32>
  %b = arith.constant dense<0.0> : tensor<1xf32>
  %v = arith.constant dense<1.0> : tensor<1xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %n = qfold.batch_norm %c, %g, %b, %b, %v {epsilon = 0.0 : f32} : tensor<1x1x4x4xf32>, tensor<1xf32>
  return %n : tensor<1x1x4x4xf32>
}
