// Integer convolutions with int8-dot=quads: a constant i8 filter is read as
// it is, four input channels per reduction step, its quads interleaved at
// compile time for vpdpbusd (P[.., q, 4f + i] = W[.., 4q + i, f]); the input
// stays i8 (no widening). Convolutions that cannot take quads (a channel
// count not a multiple of 4, a filter known only at run time) take pairs.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{target-cpu=znver5 int8-dot=quads}))" | FileCheck %s
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{target-cpu=znver5 int8-dot=pairs}))" | FileCheck %s --check-prefix=PAIRS

// CHECK-LABEL: func.func @constant_filter_quads
// CHECK-NOT:     xi16
// CHECK-DAG:     %[[Q:.*]] = arith.constant dense<3> : tensor<3x1x64xi8>
// CHECK:         scf.for %{{.*}} = %c0 to %c8 step %c4 iter_args({{.*}}) -> (vector<1x8x16xi32>)
// CHECK:           vector.transfer_read %arg0{{.*}} : tensor<1x6x10x8xi8>, vector<1x10x4xi8>
// CHECK:           vector.transfer_read %[[Q]]{{.*}} : tensor<3x1x64xi8>, vector<3x64xi8>
// CHECK-COUNT-3:   vector.shape_cast %{{.*}} : vector<64xi8> to vector<16x4xi8>
// CHECK-COUNT-3:   vector.contract {{.*}} : vector<1x8x4xi32>, vector<4x16xi32> into vector<1x8x16xi32>
func.func @constant_filter_quads(%x: tensor<1x6x10x8xi8>) -> tensor<1x4x8x16xi32> {
  %w = arith.constant dense<3> : tensor<3x3x8x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x8xi8>, tensor<3x3x8x16xi8>) outs(%f : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  return %c : tensor<1x4x8x16xi32>
}

// -----

// A filter known only at run time: pairs (the input widened to i16).
// CHECK-LABEL: func.func @runtime_filter_takes_pairs
// CHECK:         scf.for %{{.*}} = %c0 to %c8 step %c2 iter_args({{.*}}) -> (vector<1x8x16xi32>)
// CHECK-COUNT-3:   vector.contract {{.*}} : vector<1x8x2xi32>, vector<2x16xi32> into vector<1x8x16xi32>
func.func @runtime_filter_takes_pairs(%x: tensor<1x6x10x8xi8>, %w: tensor<3x3x8x16xi8>) -> tensor<1x4x8x16xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x8xi8>, tensor<3x3x8x16xi8>) outs(%f : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  return %c : tensor<1x4x8x16xi32>
}

// -----

// Six input channels: not a multiple of 4, pairs.
// CHECK-LABEL: func.func @six_channels_take_pairs
// CHECK:         scf.for %{{.*}} = %c0 to %c6 step %c2 iter_args({{.*}}) -> (vector<1x8x16xi32>)
func.func @six_channels_take_pairs(%x: tensor<1x6x10x6xi8>) -> tensor<1x4x8x16xi32> {
  %w = arith.constant dense<3> : tensor<3x3x6x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x6xi8>, tensor<3x3x6x16xi8>) outs(%f : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  return %c : tensor<1x4x8x16xi32>
}

// -----

// An int8 depthwise convolution takes quads over its kernel rows, in tiles of
// one vector of channels (16 of the 32) and, stride 1, of two output rows:
// the filter's three rows interleaved per kernel column twice (bytes 0-2
// for the first row, 1-3 for the second) and their flip correction (128 *
// sum w: three quad_dots of 0x80 bytes, subtracted from the tile's start
// once), then each of the 10 input columns' four rows interleaved once
// (flipped: ^ 0x80808080) and one quad_dot per output row, output column
// and kernel column (2 x 8 x 3); no widened multiply and no 2-D
// convolution is left.
// CHECK-LABEL: func.func @depthwise_kernel_row_quads
// CHECK-DAG:     %[[FLIP:.*]] = arith.constant dense<-2139062144> : vector<16xi32>
// CHECK-DAG:     %[[BYTES80:.*]] = arith.constant dense<-128> : vector<64xi8>
// CHECK-NOT:     arith.muli
// CHECK-NOT:     linalg.depthwise_conv
// CHECK:         scf.for %{{.*}} = %c0 to %c4 step %c2
// CHECK:         scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK-COUNT-3:   qfold.quad_dot %{{.*}}, %[[BYTES80]], %{{.*}} : vector<16xi32>, vector<64xi8>
// CHECK:           arith.subi %{{.*}} : vector<2x8x16xi32>
// CHECK:           arith.xori %{{.*}}, %[[FLIP]] : vector<16xi32>
// CHECK-COUNT-48:  qfold.quad_dot %{{.*}} : vector<16xi32>, vector<64xi8>
// CHECK-NOT:       qfold.quad_dot
// CHECK:           vector.transfer_write %{{.*}} : vector<2x8x16xi32>, tensor<1x2x8x16xi32>
// CHECK-NOT:     arith.muli
// CHECK-NOT:     linalg.depthwise_conv
// Without quads (int8-dot=pairs) the same convolution keeps the widened path
// (i32 multiplies, in tiles of all 32 channels).
// PAIRS-LABEL: func.func @depthwise_kernel_row_quads
// PAIRS-NOT:     qfold.quad_dot
// PAIRS:         arith.muli %{{.*}} : vector<1x8x32xi32>
// PAIRS-NOT:     qfold.quad_dot
// PAIRS-LABEL: func.func
func.func @depthwise_kernel_row_quads(%x: tensor<1x6x10x32xi8>) -> tensor<1x4x8x32xi32> {
  %w = arith.constant dense<7> : tensor<3x3x32xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x8x32xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x8x32xi32>) -> tensor<1x4x8x32xi32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x32xi8>, tensor<3x3x32xi8>) outs(%f : tensor<1x4x8x32xi32>) -> tensor<1x4x8x32xi32>
  return %c : tensor<1x4x8x32xi32>
}

// -----

// An odd number of rows: two tiles of two rows, then the peeled last row in
// a tile of its own (its three kernel rows interleaved, flipped ^ 0x808080,
// one quad_dot per output and kernel column).
// CHECK-LABEL: func.func @depthwise_odd_rows
// CHECK-DAG:     %[[FLIP4:.*]] = arith.constant dense<-2139062144> : vector<16xi32>
// CHECK-DAG:     %[[FLIP3:.*]] = arith.constant dense<8421504> : vector<16xi32>
// CHECK:         scf.for %{{.*}} = %c0 to %c4 step %c2
// CHECK:           arith.xori %{{.*}}, %[[FLIP4]] : vector<16xi32>
// CHECK-COUNT-24:  qfold.quad_dot %{{.*}} : vector<16xi32>, vector<64xi8>
// CHECK:           vector.transfer_write %{{.*}} : vector<2x4x16xi32>, tensor<1x2x4x16xi32>
// CHECK:         arith.xori %{{.*}}, %[[FLIP3]] : vector<16xi32>
// CHECK-COUNT-12:  qfold.quad_dot %{{.*}} : vector<16xi32>, vector<64xi8>
// CHECK-NOT:       qfold.quad_dot
// CHECK:         vector.transfer_write %{{.*}} : vector<1x4x16xi32>, tensor<1x1x4x16xi32>
// CHECK-NOT:     linalg.depthwise_conv
func.func @depthwise_odd_rows(%x: tensor<1x7x6x16xi8>) -> tensor<1x5x4x16xi32> {
  %w = arith.constant dense<7> : tensor<3x3x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x5x4x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x5x4x16xi32>) -> tensor<1x5x4x16xi32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x7x6x16xi8>, tensor<3x3x16xi8>) outs(%f : tensor<1x5x4x16xi32>) -> tensor<1x5x4x16xi32>
  return %c : tensor<1x5x4x16xi32>
}

// -----

// Stride 2 over rows: consecutive output rows share no input row, so the
// tiles keep one row (three kernel rows interleaved, flipped ^ 0x808080).
// CHECK-LABEL: func.func @depthwise_row_stride_one_row_tiles
// CHECK-DAG:     %[[FLIP3:.*]] = arith.constant dense<8421504> : vector<16xi32>
// CHECK:         scf.for %{{.*}} = %c0 to %c3 step %c1
// CHECK:           arith.xori %{{.*}}, %[[FLIP3]] : vector<16xi32>
// CHECK-COUNT-12:  qfold.quad_dot %{{.*}} : vector<16xi32>, vector<64xi8>
// CHECK-NOT:       qfold.quad_dot
// CHECK:           vector.transfer_write %{{.*}} : vector<1x4x16xi32>, tensor<1x1x4x16xi32>
func.func @depthwise_row_stride_one_row_tiles(%x: tensor<1x7x6x16xi8>) -> tensor<1x3x4x16xi32> {
  %w = arith.constant dense<7> : tensor<3x3x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x3x4x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x3x4x16xi32>) -> tensor<1x3x4x16xi32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%x, %w : tensor<1x7x6x16xi8>, tensor<3x3x16xi8>) outs(%f : tensor<1x3x4x16xi32>) -> tensor<1x3x4x16xi32>
  return %c : tensor<1x3x4x16xi32>
}

// -----

// Five kernel rows do not fit a quad, and a filter known only at run time
// cannot be interleaved: both keep the widened path (one row per step, i32
// multiplies).
// CHECK-LABEL: func.func @depthwise_five_rows_widened
// CHECK-NOT:     qfold.quad_dot
// CHECK:         scf.for %{{.*}} = %c0 to %c5 step %c1 iter_args({{.*}}) -> (vector<1x6x16xi32>)
// CHECK-COUNT-5:   arith.muli %{{.*}} : vector<1x6x16xi32>
// CHECK-LABEL: func.func @depthwise_runtime_filter_widened
// CHECK-NOT:     qfold.quad_dot
// CHECK:         scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args({{.*}}) -> (vector<1x8x16xi32>)
// CHECK-COUNT-3:   arith.muli %{{.*}} : vector<1x8x16xi32>
func.func @depthwise_five_rows_widened(%x: tensor<1x8x10x16xi8>) -> tensor<1x4x6x16xi32> {
  %w = arith.constant dense<7> : tensor<5x5x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x6x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x6x16xi32>) -> tensor<1x4x6x16xi32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x10x16xi8>, tensor<5x5x16xi8>) outs(%f : tensor<1x4x6x16xi32>) -> tensor<1x4x6x16xi32>
  return %c : tensor<1x4x6x16xi32>
}
func.func @depthwise_runtime_filter_widened(%x: tensor<1x6x10x16xi8>, %w: tensor<3x3x16xi8>) -> tensor<1x4x8x16xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x16xi8>, tensor<3x3x16xi8>) outs(%f : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  return %c : tensor<1x4x8x16xi32>
}
