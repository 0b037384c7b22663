// Pools become 1-D tiles of one output row, a block of output columns and a
// vector of channels, vectorized with their accumulators in registers; a
// pool of fewer channels than a quarter vector, or with a window wider than
// 64 input columns, keeps its loops.
// RUN: qfold-opt %s --convert-qfold-to-linalg --canonicalize --qfold-tile-and-vectorize-convs="target-cpu=znver5" | FileCheck %s

// CHECK-LABEL: func.func @max_pool_f32
// CHECK-NOT:   linalg.pooling
// CHECK:       scf.for {{.*}} -> (vector<1x8x16xf32>)
// CHECK:       arith.maximumf {{.*}} : vector<1x1x16xf32>
// CHECK-NOT:   linalg.pooling
func.func @max_pool_f32(%x: tensor<1x64x32x32xf32>) -> tensor<1x64x16x16xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x64x32x32xf32> -> tensor<1x64x16x16xf32>
  return %0 : tensor<1x64x16x16xf32>
}

// u8 storage: unsigned maximums of 64 bytes.
// CHECK-LABEL: func.func @max_pool_u8
// CHECK-NOT:   linalg.pooling
// CHECK:       arith.maxui {{.*}} : vector<1x1x64xi8>
!u8 = !quant.uniform<u8:f32, 0.1:128>
func.func @max_pool_u8(%x: tensor<1x64x16x16x!u8>) -> tensor<1x64x8x8x!u8> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x64x16x16x!u8> -> tensor<1x64x8x8x!u8>
  return %0 : tensor<1x64x8x8x!u8>
}

// The global average pool of a network's head: sums of 16 lanes.
// CHECK-LABEL: func.func @global_avg_pool
// CHECK-NOT:   linalg.pooling_nhwc_sum
// CHECK:       arith.addf {{.*}} : vector<1x1x16xf32>
func.func @global_avg_pool(%x: tensor<1x512x7x7xf32>) -> tensor<1x512x1x1xf32> {
  %0 = qfold.avg_pool2d %x {kernel = array<i64: 7, 7>} : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  return %0 : tensor<1x512x1x1xf32>
}

// One channel: left alone.
// CHECK-LABEL: func.func @one_channel
// CHECK:       linalg.pooling_nhwc_max
func.func @one_channel(%x: tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x1x8x8xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// A window reaching 199 * 10 + 1 input columns: left alone (as a 1-D pool,
// its height being 1).
// CHECK-LABEL: func.func @wide_window
// CHECK:       linalg.pooling_nwc_max {{.*}} -> tensor<1x201x16xf32>
func.func @wide_window(%x: tensor<1x16x1x4000xf32>) -> tensor<1x16x1x201xf32> {
  %0 = qfold.max_pool2d %x {kernel = array<i64: 1, 200>, dilations = array<i64: 1, 10>, strides = array<i64: 1, 10>} : tensor<1x16x1x4000xf32> -> tensor<1x16x1x201xf32>
  return %0 : tensor<1x16x1x201xf32>
}
