// Found by qfold-ir-fuzzer: an identity batch_norm folds away and the
// function returns the same tensor twice, which crashed upstream
// buffer-results-to-out-params. Fixed by qfold-copy-repeated-results.
// RUN: qfold-opt %s --qfold-to-llvm | FileCheck %s
// CHECK: llvm.func @no_fold_multi_use

func.func @no_fold_multi_use(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1, %0 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}
