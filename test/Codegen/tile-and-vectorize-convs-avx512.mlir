// The register tiles of 32-register (AVX-512) targets, fixed by the pass's
// options so the test does not depend on the machine running it.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{vector-lanes=16 vector-registers=32 int8-dot=widen}))" | FileCheck %s

// A float 3x3 conv steps over one kernel column at a time: the kernel rows,
// kernel columns and input channels are three loops around one contraction
// of 14 columns x 32 channels (28 accumulators, one broadcast, two filter
// vectors), so no broadcast stays live across kernel columns.
// CHECK-LABEL: func.func @float_kernel_column_loop
// CHECK:         scf.for %{{.*}} = %c0 to %c56 step %c14
// CHECK:           scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK:             scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}}) -> (vector<1x14x32xf32>)
// CHECK:               scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}}) -> (vector<1x14x32xf32>)
// CHECK:                 scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args(%{{.*}}) -> (vector<1x14x32xf32>)
// CHECK-COUNT-1:           vector.contract
// CHECK-NOT:               vector.contract
// CHECK:                   scf.yield
// CHECK:         return
func.func @float_kernel_column_loop(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<1x56x56x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%f : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  return %c : tensor<1x56x56x64xf32>
}

// -----

// An integer conv keeps a kernel row per step (its reused broadcasts pay
// off): 11 columns and a peeled remainder, three contractions per step.
// CHECK-LABEL: func.func @integer_kernel_rows
// CHECK:         scf.for %{{.*}} = %c0 to %c55 step %c11
// CHECK:           scf.for %{{.*}} = %c0 to %c64 step %c32
// CHECK:             scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}}) -> (vector<1x11x32xi32>)
// CHECK:               scf.for %{{.*}} = %c0 to %c64 step %c1 iter_args(%{{.*}}) -> (vector<1x11x32xi32>)
// CHECK-COUNT-3:         vector.contract
// CHECK:                 scf.yield
func.func @integer_kernel_rows(%x: tensor<1x58x58x64xi8>, %w: tensor<3x3x64x64xi8>) -> tensor<1x56x56x64xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x56x56x64xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x56x56x64xi32>) -> tensor<1x56x56x64xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x58x58x64xi8>, tensor<3x3x64x64xi8>) outs(%f : tensor<1x56x56x64xi32>) -> tensor<1x56x56x64xi32>
  return %c : tensor<1x56x56x64xi32>
}
