// The register tiles of 32-register (AVX-512) targets, fixed by the pass's
// options so the test does not depend on the machine running it.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{vector-lanes=16 vector-registers=32 cache-bytes=1048576 int8-dot=widen}))" | FileCheck %s

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

// -----

// A filter larger than half the private cache (3x3x128x128 f32, 576 KiB,
// with 1 MiB): the tile loops run over the output channel blocks outermost,
// so each block's slice of the filter is read once, not once per row.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{vector-lanes=16 vector-registers=32 cache-bytes=1048576}))" | FileCheck %s --check-prefix=MIB1
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{vector-lanes=16 vector-registers=32 cache-bytes=2097152}))" | FileCheck %s --check-prefix=MIB2
// MIB1-LABEL: func.func @large_filter
// MIB1:         scf.for %{{.*}} = %c0 to %c128 step %c32
// MIB1:           scf.for %{{.*}} = %c0 to %c28 step %c1
// MIB1:             scf.for %{{.*}} = %c0 to %c28 step %c14
// With 2 MiB the rows stay outermost.
// MIB2-LABEL: func.func @large_filter
// MIB2:         scf.for %{{.*}} = %c0 to %c28 step %c1
// MIB2:           scf.for %{{.*}} = %c0 to %c28 step %c14
// MIB2:             scf.for %{{.*}} = %c0 to %c128 step %c32
func.func @large_filter(%x: tensor<1x30x30x128xf32>, %w: tensor<3x3x128x128xf32>) -> tensor<1x28x28x128xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x30x30x128xf32>, tensor<3x3x128x128xf32>) outs(%f : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  %e2 = tensor.empty() : tensor<1x28x28x128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x28x28x128xf32>) outs(%e2 : tensor<1x28x28x128xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x28x28x128xf32>
  return %r : tensor<1x28x28x128xf32>
}
