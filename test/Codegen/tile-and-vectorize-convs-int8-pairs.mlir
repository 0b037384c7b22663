// Integer convolutions with int8-dot=pairs: the input channels are reduced
// two at a time (for qfold-lower-pair-dot-products) when there is an even
// number of them, one at a time otherwise.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{vector-lanes=8 vector-registers=16 int8-dot=pairs}))" | FileCheck %s
// RUN: not qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{int8-dot=fast}))" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: int8-dot must be auto, pairs or widen, got 'fast'

// The input is widened to i16 once, in vectorized rows, so that each
// column's channel pair is one 32-bit load in the inner loop.
// CHECK-LABEL: func.func @even_channels
// CHECK:         arith.extsi {{.*}} : vector<1x1x1x16xi8> to vector<1x1x1x16xi16>
// CHECK:         scf.for %{{.*}} = %c0 to %c16 step %c2 iter_args({{.*}}) -> (vector<1x4x16xi32>)
// CHECK:           vector.transfer_read {{.*}} : tensor<1x10x10x16xi16>, vector<1x6x2xi16>
// CHECK-COUNT-3:   vector.contract {{.*}} : vector<1x4x2xi32>, vector<2x16xi32> into vector<1x4x16xi32>
func.func @even_channels(%x: tensor<1x10x10x16xi8>, %w: tensor<3x3x16x16xi8>) -> tensor<1x8x8x16xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x8x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x8x8x16xi32>) -> tensor<1x8x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xi8>, tensor<3x3x16x16xi8>) outs(%f : tensor<1x8x8x16xi32>) -> tensor<1x8x8x16xi32>
  return %c : tensor<1x8x8x16xi32>
}

// -----

// CHECK-LABEL: func.func @odd_channels
// CHECK-NOT:     xi16
// CHECK:         scf.for %{{.*}} = %c0 to %c7 step %c1 iter_args({{.*}}) -> (vector<1x4x16xi32>)
// CHECK-COUNT-3:   vector.contract {{.*}} : vector<1x4x1xi32>, vector<1x16xi32> into vector<1x4x16xi32>
func.func @odd_channels(%x: tensor<1x10x10x7xi8>, %w: tensor<3x3x7x16xi8>) -> tensor<1x8x8x16xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x8x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x8x8x16xi32>) -> tensor<1x8x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x7xi8>, tensor<3x3x7x16xi8>) outs(%f : tensor<1x8x8x16xi32>) -> tensor<1x8x8x16xi32>
  return %c : tensor<1x8x8x16xi32>
}

// -----

// Float convolutions are never paired.
// CHECK-LABEL: func.func @float_not_paired
// CHECK:         scf.for %{{.*}} = %c0 to %c16 step %c1 iter_args({{.*}}) -> (vector<1x4x16xf32>)
func.func @float_not_paired(%x: tensor<1x10x10x16xf32>, %w: tensor<3x3x16x16xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// A constant i8 filter is widened to i16 at compile time.
// CHECK-LABEL: func.func @constant_filter
// CHECK:         arith.constant dense<{{\[\[\[\[}}3, -128], [7, 9]]]]> : tensor<1x1x2x2xi16>
// CHECK:         vector.contract {{.*}} : vector<1x4x2xi32>, vector<2x2xi32> into vector<1x4x2xi32>
func.func @constant_filter(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi32> {
  %wb = arith.constant dense<[[[[3, -128], [7, 9]]]]> : tensor<1x1x2x2xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x4x2xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %wb : tensor<1x4x4x2xi8>, tensor<1x1x2x2xi8>) outs(%f : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  return %c : tensor<1x4x4x2xi32>
}
