// qfold-fold{pad-values=false} (what the pipelines run before post-training
// quantization, whose integer convs pad with the input's zero point): a
// per-channel affine map before a padded conv stays (and is calibrated);
// before an unpadded conv it still folds.
// RUN: qfold-opt %s -qfold-fold="pad-values=false" | FileCheck %s

// CHECK-LABEL: func.func @padded
// CHECK:       qfold.add
// CHECK:       qfold.conv2d %{{.*}} {pads = array<i64: 1, 1, 1, 1>}
// CHECK-NOT:   pad_values
func.func @padded(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %m = arith.constant dense<-0.5> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = qfold.add %x, %m : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %1 : tensor<1x1x3x3xf32>
}

// CHECK-LABEL: func.func @unpadded
// CHECK-NOT:   qfold.add
// CHECK:       qfold.conv2d %arg0
func.func @unpadded(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
  %m = arith.constant dense<-0.5> : tensor<1x1x1x1xf32>
  %w = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %0 = qfold.add %x, %m : (tensor<1x1x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32>
  %1 = qfold.conv2d %0, %w : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return %1 : tensor<1x1x1x1xf32>
}
