// The CPU strategy for NHWC convolutions, with the AVX2 register file fixed
// so the tile sizes do not depend on the machine running the test (integer
// reductions one channel at a time: the pairs are in
// tile-and-vectorize-convs-int8-pairs.mlir).
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{vector-lanes=8 vector-registers=16 cache-bytes=1048576 int8-dot=widen}))" | FileCheck %s

// 56 columns x 64 channels: 16 channels (two 8-lane vectors) leave 12
// accumulator registers for 6 columns; 6 does not divide 56, so 4 (the
// largest divisor at least half the budget). The epilogue is fused, the
// reduction runs over kernel rows and input channels with the accumulator in
// a loop-carried vector, and the convolution is 1-D and vectorized.
// CHECK-LABEL: func.func @conv_with_epilogue
// CHECK:         scf.for %{{.*}} = %c0 to %c56 step %c1
// CHECK:           scf.for %{{.*}} = %c0 to %c56 step %c4
// CHECK:             scf.for %{{.*}} = %c0 to %c64 step %c16
// The accumulators go from the loops to the epilogue as vectors, with no
// tile tensor in between (it would become a buffer allocated per tile).
// CHECK:               %[[ACC:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %cst{{.*}}) -> (vector<1x4x16xf32>)
// CHECK:                 scf.for {{.*}} -> (vector<1x4x16xf32>)
// CHECK-COUNT-3:           vector.contract
// CHECK:               %[[ACC4:.*]] = vector.broadcast %[[ACC]] : vector<1x4x16xf32> to vector<1x1x4x16xf32>
// CHECK:               arith.addf %[[ACC4]]
// CHECK:               arith.maximumf {{.*}} : vector<1x1x4x16xf32>
// CHECK-NOT:   linalg.conv_2d_nhwc_hwcf
// CHECK-NOT:   linalg.generic
// CHECK-NOT:   tensor.empty() : tensor<1x1x4x16xf32>
func.func @conv_with_epilogue(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>, %b: tensor<64xf32>) -> tensor<1x56x56x64xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%f : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %e2 = tensor.empty() : tensor<1x56x56x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %b : tensor<1x56x56x64xf32>, tensor<64xf32>) outs(%e2 : tensor<1x56x56x64xf32>) {
  ^bb0(%a: f32, %bias: f32, %out: f32):
    %s = arith.addf %a, %bias : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x56x56x64xf32>
  return %r : tensor<1x56x56x64xf32>
}

// -----

// 7 columns x 12 channels: one 8-lane vector per column leaves 12 columns,
// so all 7 columns; 12 channels are not a multiple of 8, so a tile of 8 and
// a peeled remainder of 4 (each loop has one iteration and folds away), both
// vectorized with static shapes.
// CHECK-LABEL: func.func @peeled_channels
// CHECK:         scf.for %{{.*}} = %c0 to %c7 step %c1
// CHECK-COUNT-3:   vector.contract {{.*}} into vector<1x7x8xi32>
// CHECK-COUNT-3:   vector.contract {{.*}} into vector<1x7x4xi32>
// CHECK-NOT:   linalg.conv_2d_nhwc_hwcf
// CHECK-NOT:   linalg.conv_1d
func.func @peeled_channels(%x: tensor<1x9x9x3xi8>, %w: tensor<3x3x3x12xi16>) -> tensor<1x7x7x12xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x7x7x12xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x7x7x12xi32>) -> tensor<1x7x7x12xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x3xi8>, tensor<3x3x3x12xi16>) outs(%f : tensor<1x7x7x12xi32>) -> tensor<1x7x7x12xi32>
  return %c : tensor<1x7x7x12xi32>
}

// -----

// Depthwise convolutions become 1-D depthwise convolutions.
// CHECK-LABEL: func.func @depthwise
// CHECK:         vector.fma
// CHECK-NOT:   linalg.depthwise_conv_2d_nhwc_hwc
func.func @depthwise(%x: tensor<1x10x10x16xf32>, %w: tensor<3x3x16xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  return %c : tensor<1x8x8x16xf32>
}

// -----

// Grouped convolutions and depthwise convolutions with a channel multiplier
// have no 1-D decomposition upstream: they are left to the loop lowering.
// CHECK-LABEL: func.func @not_handled
// CHECK:         linalg.conv_2d_nhwgc_gfhwc
// CHECK:         linalg.depthwise_conv_2d_nhwc_hwcm
// CHECK-NOT:     vector.
func.func @not_handled(%x: tensor<1x6x6x2x4xf32>, %w: tensor<2x4x3x3x4xf32>, %y: tensor<1x6x6x4xf32>, %v: tensor<3x3x4x2xf32>) -> (tensor<1x4x4x2x4xf32>, tensor<1x4x4x4x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x2x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x2x4xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x2x4xf32>, tensor<2x4x3x3x4xf32>) outs(%f : tensor<1x4x4x2x4xf32>) -> tensor<1x4x4x2x4xf32>
  %e2 = tensor.empty() : tensor<1x4x4x4x2xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x4x2xf32>
  %d = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%y, %v : tensor<1x6x6x4xf32>, tensor<3x3x4x2xf32>) outs(%f2 : tensor<1x4x4x4x2xf32>) -> tensor<1x4x4x4x2xf32>
  return %c, %d : tensor<1x4x4x2x4xf32>, tensor<1x4x4x4x2xf32>
}

// -----

// 11 columns with an epilogue: tiles of 4 columns (a 3-wide kernel's six
// filter vectors and a broadcast leave 9 accumulator registers) and a peeled
// tile of 3, both vectorized (the fused tile has a dynamic width until it is
// peeled).
// CHECK-LABEL: func.func @peeled_columns_with_epilogue
// CHECK-COUNT-3: vector.contract {{.*}} into vector<1x4x16xf32>
// CHECK:         arith.maximumf {{.*}} : vector<1x1x4x16xf32>
// CHECK-COUNT-3: vector.contract {{.*}} into vector<1x3x16xf32>
// CHECK:         arith.maximumf {{.*}} : vector<1x1x3x16xf32>
// CHECK-NOT:   linalg.conv_2d_nhwc_hwcf
// CHECK-NOT:   linalg.generic
func.func @peeled_columns_with_epilogue(%x: tensor<1x9x13x8xf32>, %w: tensor<3x3x8x16xf32>) -> tensor<1x7x11x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x7x11x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x11x16xf32>) -> tensor<1x7x11x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x9x13x8xf32>, tensor<3x3x8x16xf32>) outs(%f : tensor<1x7x11x16xf32>) -> tensor<1x7x11x16xf32>
  %e2 = tensor.empty() : tensor<1x7x11x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x7x11x16xf32>) outs(%e2 : tensor<1x7x11x16xf32>) {
  ^bb0(%a: f32, %out: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x7x11x16xf32>
  return %r : tensor<1x7x11x16xf32>
}

// -----

// The NCHW -> NHWC boundary transpose: 8 x 8 blocks over (W, C), which are
// innermost in the output and the input, read through a transposing transfer
// (whole cache lines on both sides); 11 columns peel into a block of 3.
// CHECK-LABEL: func.func @boundary_transpose
// CHECK:         scf.for %{{.*}} = %c0 to %c7 step %c1
// CHECK:           scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK:             vector.transfer_read {{.*}} permutation_map = {{.*}} : tensor<1x16x7x11xf32>, vector<1x1x8x8xf32>
// CHECK:             vector.transfer_read {{.*}} permutation_map = {{.*}} : tensor<1x16x7x11xf32>, vector<1x1x3x8xf32>
// CHECK-NOT:   linalg.transpose
func.func @boundary_transpose(%x: tensor<1x16x7x11xf32>) -> tensor<1x7x11x16xf32> {
  %e = tensor.empty() : tensor<1x7x11x16xf32>
  %t = linalg.transpose ins(%x : tensor<1x16x7x11xf32>) outs(%e : tensor<1x7x11x16xf32>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x7x11x16xf32>
}

// -----

// A depthwise convolution of a zero-padded input of 256 KiB or more: the
// interior of the output (62 x 62, where no tap reads the padding) reads the
// unpadded input directly; each border row and column, and each corner,
// computes with the taps that read the input alone (a slice of the filter)
// on a slice of the input; each piece has its own epilogue and is inserted
// into the result. Nothing is padded.
// CHECK-LABEL: func.func @split_around_padding
// CHECK-SAME:    (%[[X:.*]]: tensor<1x64x64x16xf32>, %[[W:.*]]: tensor<3x3x16xf32>)
// CHECK-NOT:     tensor.pad
// CHECK-NOT:     x66x
// CHECK:         %[[RESULT:.*]] = tensor.empty() : tensor<1x64x64x16xf32>
// CHECK:         %[[INTERIOR_OUT:.*]] = tensor.extract_slice %[[RESULT]][0, 1, 1, 0] [1, 62, 62, 16]
// CHECK:         %[[INTERIOR:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INTERIOR_OUT]])
// CHECK:           vector.transfer_read %[[X]]{{.*}} : tensor<1x64x64x16xf32>, vector<1x{{[0-9]+}}x16xf32>
// CHECK:         tensor.insert_slice %[[INTERIOR]] into %[[RESULT]][0, 1, 1, 0] [1, 62, 62, 16]
// The top-left corner: kernel rows 1 and 2 (one loop), columns 1 and 2.
// CHECK:         scf.for %[[KH:[^ ]*]] = %c0 to %c2 step %c1
// CHECK:           %[[ROW:.*]] = affine.apply #{{.*}}()[%[[KH]]]
// CHECK:           vector.transfer_read %[[W]][%[[ROW]], %c1, %c0]{{.*}} : tensor<3x3x16xf32>, vector<2x16xf32>
// CHECK:         tensor.insert_slice %{{.*}}[0, 0, 0, 0] [1, 1, 1, 16]
// The top row: kernel rows 1 and 2, every column.
// CHECK:         vector.transfer_read %[[W]][%{{.*}}, %c0, %c0]{{.*}} : tensor<3x3x16xf32>, vector<3x16xf32>
// CHECK:         tensor.insert_slice %{{.*}}[0, 0, 1, 0] [1, 1, 62, 16]
// CHECK:         tensor.insert_slice %{{.*}}[0, 0, 63, 0] [1, 1, 1, 16]
// CHECK:         tensor.insert_slice %{{.*}}[0, 1, 0, 0] [1, 62, 1, 16]
// CHECK:         tensor.insert_slice %{{.*}}[0, 1, 63, 0] [1, 62, 1, 16]
// CHECK:         tensor.insert_slice %{{.*}}[0, 63, 0, 0] [1, 1, 1, 16]
// CHECK:         tensor.insert_slice %{{.*}}[0, 63, 1, 0] [1, 1, 62, 16]
// CHECK:         %[[LAST:.*]] = tensor.insert_slice %{{.*}}[0, 63, 63, 0] [1, 1, 1, 16]
// CHECK:         return %[[LAST]]
func.func @split_around_padding(%x: tensor<1x64x64x16xf32>, %w: tensor<3x3x16xf32>) -> tensor<1x64x64x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x64x64x16xf32> to tensor<1x66x66x16xf32>
  %e = tensor.empty() : tensor<1x64x64x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x64x64x16xf32>) -> tensor<1x64x64x16xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x66x66x16xf32>, tensor<3x3x16xf32>) outs(%f : tensor<1x64x64x16xf32>) -> tensor<1x64x64x16xf32>
  %e2 = tensor.empty() : tensor<1x64x64x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x64x64x16xf32>) outs(%e2 : tensor<1x64x64x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x64x64x16xf32>
  return %r : tensor<1x64x64x16xf32>
}

// -----

// The same with a padding value other than zero (an input normalization
// folded into the conv, a quantized input's zero point): the border strips
// (top and bottom rows, left and right columns) read small padded slices of
// the input. No padded copy of the whole input is made.
// CHECK-LABEL: func.func @split_around_nonzero_padding
// CHECK-SAME:    (%[[X:.*]]: tensor<1x64x64x16xf32>,
// CHECK-NOT:     tensor<1x66x66x16xf32>
// CHECK:         %[[RESULT:.*]] = tensor.empty() : tensor<1x64x64x16xf32>
// CHECK:         %[[INTERIOR_OUT:.*]] = tensor.extract_slice %[[RESULT]][0, 1, 1, 0] [1, 62, 62, 16]
// CHECK:         %[[INTERIOR:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[INTERIOR_OUT]])
// CHECK:           vector.transfer_read %[[X]]{{.*}} : tensor<1x64x64x16xf32>, vector<1x{{[0-9]+}}x16xf32>
// CHECK:         %[[R1:.*]] = tensor.insert_slice %[[INTERIOR]] into %[[RESULT]][0, 1, 1, 0] [1, 62, 62, 16]
// CHECK:         %[[TOP_IN:.*]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 2, 64, 16]
// CHECK:         tensor.insert_slice %[[TOP_IN]] into %{{.*}}[0, 1, 1, 0] [1, 2, 64, 16] [1, 1, 1, 1] : tensor<1x2x64x16xf32> into tensor<1x3x66x16xf32>
// CHECK:         %[[R2:.*]] = tensor.insert_slice %{{.*}} into %[[R1]][0, 0, 0, 0] [1, 1, 64, 16]
// CHECK:         tensor.extract_slice %[[X]][0, 62, 0, 0] [1, 2, 64, 16]
// CHECK:         %[[R3:.*]] = tensor.insert_slice %{{.*}} into %[[R2]][0, 63, 0, 0] [1, 1, 64, 16]
// CHECK:         tensor.extract_slice %[[X]][0, 0, 0, 0] [1, 64, 2, 16]
// CHECK:         %[[R4:.*]] = tensor.insert_slice %{{.*}} into %[[R3]][0, 1, 0, 0] [1, 62, 1, 16]
// CHECK:         tensor.extract_slice %[[X]][0, 0, 62, 0] [1, 64, 2, 16]
// CHECK:         %[[R5:.*]] = tensor.insert_slice %{{.*}} into %[[R4]][0, 1, 63, 0] [1, 62, 1, 16]
// CHECK:         return %[[R5]]
func.func @split_around_nonzero_padding(%x: tensor<1x64x64x16xf32>, %w: tensor<3x3x16xf32>) -> tensor<1x64x64x16xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %one : f32
  } : tensor<1x64x64x16xf32> to tensor<1x66x66x16xf32>
  %e = tensor.empty() : tensor<1x64x64x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x64x64x16xf32>) -> tensor<1x64x64x16xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x66x66x16xf32>, tensor<3x3x16xf32>) outs(%f : tensor<1x64x64x16xf32>) -> tensor<1x64x64x16xf32>
  %e2 = tensor.empty() : tensor<1x64x64x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x64x64x16xf32>) outs(%e2 : tensor<1x64x64x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x64x64x16xf32>
  return %r : tensor<1x64x64x16xf32>
}

// -----

// A regular convolution keeps its padded copy (its compute dwarfs the copy;
// one-column border strips would be slower than it).
// CHECK-LABEL: func.func @regular_conv_not_split
// CHECK:         linalg.fill {{.*}} tensor<1x66x66x16xf32>
// CHECK-NOT:     tensor<1x62x62x16xf32>
func.func @regular_conv_not_split(%x: tensor<1x64x64x16xf32>, %w: tensor<3x3x16x16xf32>) -> tensor<1x64x64x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x64x64x16xf32> to tensor<1x66x66x16xf32>
  %e = tensor.empty() : tensor<1x64x64x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x64x64x16xf32>) -> tensor<1x64x64x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x66x66x16xf32>, tensor<3x3x16x16xf32>) outs(%f : tensor<1x64x64x16xf32>) -> tensor<1x64x64x16xf32>
  %e2 = tensor.empty() : tensor<1x64x64x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x64x64x16xf32>) outs(%e2 : tensor<1x64x64x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x64x64x16xf32>
  return %r : tensor<1x64x64x16xf32>
}

// -----

// Below 256 KiB a depthwise convolution's padded copy stays (it stays in
// cache, and the border strips would be compiled as convolutions of their
// own).
// CHECK-LABEL: func.func @small_input_not_split
// CHECK-NOT:     tensor<1x6x6x16xf32>
// CHECK:         linalg.fill {{.*}} tensor<1x10x10x16xf32>
// CHECK-NOT:     tensor<1x6x6x16xf32>
// CHECK:         tensor.insert_slice {{.*}} : tensor<1x8x8x16xf32> into tensor<1x10x10x16xf32>
// CHECK-NOT:     tensor<1x6x6x16xf32>
func.func @small_input_not_split(%x: tensor<1x8x8x16xf32>, %w: tensor<3x3x16xf32>) -> tensor<1x8x8x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x8x8x16xf32> to tensor<1x10x10x16xf32>
  %e = tensor.empty() : tensor<1x8x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x10x10x16xf32>, tensor<3x3x16xf32>) outs(%f : tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32>
  %e2 = tensor.empty() : tensor<1x8x8x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x8x8x16xf32>) outs(%e2 : tensor<1x8x8x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x8x8x16xf32>
  return %r : tensor<1x8x8x16xf32>
}

// -----

// Widening multiplies (int8-dot=widen, and depthwise convolutions): a
// constant i8 filter is sign-extended to i32 at compile time, so the inner
// loop multiplies the filter vectors as loaded.
// CHECK-LABEL: func.func @constant_filter_widened_to_i32
// CHECK-DAG:     arith.constant dense<{{\[\[\[}}-128, 7]]]> : tensor<1x1x2xi32>
// CHECK-NOT:     arith.extsi {{.*}} : vector<{{.*}}xi8> to vector<{{.*}}xi32>
// CHECK:         vector.transfer_read {{.*}} : tensor<1x1x2xi32>
// CHECK:         arith.extsi {{.*}} : vector<1x4x2xi8> to vector<1x4x2xi32>
// CHECK:         arith.muli {{.*}} : vector<1x4x2xi32>
func.func @constant_filter_widened_to_i32(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi32> {
  %w = arith.constant dense<[[[-128, 7]]]> : tensor<1x1x2xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x4x2xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x4x2xi8>, tensor<1x1x2xi8>) outs(%f : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  return %c : tensor<1x4x4x2xi32>
}

// -----

// The requantization's i64 arithmetic on vectors (the product of two i32
// values, the per-channel rounding addend, the adjustment of negative
// products, the per-channel shift): computed on the even and odd i32 lanes
// in place as i64 lanes (vpmuldq on x86), the other i64 operands' even and
// odd lanes shuffled out, and the two halves' low words interleaved back,
// instead of whole vectors sign-extended to i64 and truncated.
// CHECK-LABEL: func.func @requant_on_even_odd_lanes
// CHECK-SAME:    (%[[A:.*]]: vector<1x4x16xi32>, %[[M:.*]]: vector<1x4x16xi32>, %[[K:.*]]: vector<1x4x16xi64>, %[[S:.*]]: vector<1x4x16xi64>)
// CHECK-NOT:     arith.extsi
// CHECK-DAG:     %[[C32:.*]] = arith.constant dense<32> : vector<32xi64>
// Even lanes: sign-extended in place.
// CHECK:         %[[A32:.*]] = vector.shape_cast %[[A]] : vector<1x4x16xi32> to vector<64xi32>
// CHECK-NEXT:    %[[A64:.*]] = vector.bitcast %[[A32]] : vector<64xi32> to vector<32xi64>
// CHECK-NEXT:    %[[AL:.*]] = arith.shli %[[A64]], %[[C32]] : vector<32xi64>
// CHECK-NEXT:    %[[AE:.*]] = arith.shrsi %[[AL]], %[[C32]] : vector<32xi64>
// CHECK:         %[[PE:.*]] = arith.muli %[[AE]], %{{.*}} : vector<32xi64>
// CHECK-NEXT:    %[[NE:.*]] = arith.cmpi slt, %[[PE]], %{{.*}} : vector<32xi64>
// CHECK-NEXT:    %[[KF:.*]] = vector.shape_cast %[[K]] : vector<1x4x16xi64> to vector<64xi64>
// CHECK-NEXT:    %[[KE:.*]] = vector.shuffle %[[KF]], %[[KF]] [0, 2, 4, {{.*}}, 62] : vector<64xi64>, vector<64xi64>
// CHECK-NEXT:    %[[TE:.*]] = arith.addi %[[PE]], %[[KE]] : vector<32xi64>
// CHECK-NEXT:    %[[LE:.*]] = arith.subi %[[TE]], %{{.*}} : vector<32xi64>
// CHECK-NEXT:    %[[SELE:.*]] = arith.select %[[NE]], %[[LE]], %[[TE]] : vector<32xi1>, vector<32xi64>
// CHECK:         %[[SE:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 2, 4, {{.*}}, 62] : vector<64xi64>, vector<64xi64>
// CHECK-NEXT:    %[[RE:.*]] = arith.shrsi %[[SELE]], %[[SE]] : vector<32xi64>
// Odd lanes: shifted down.
// CHECK:         %[[AO:.*]] = arith.shrsi %{{.*}}, %[[C32]] : vector<32xi64>
// CHECK:         %[[PO:.*]] = arith.muli %[[AO]], %{{.*}} : vector<32xi64>
// CHECK:         vector.shuffle %{{.*}}, %{{.*}} [1, 3, 5, {{.*}}, 63] : vector<64xi64>, vector<64xi64>
// CHECK:         %[[SO:.*]] = vector.shuffle %{{.*}}, %{{.*}} [1, 3, 5, {{.*}}, 63] : vector<64xi64>, vector<64xi64>
// CHECK-NEXT:    %[[RO:.*]] = arith.shrsi %{{.*}}, %[[SO]] : vector<32xi64>
// CHECK-NEXT:    %[[E32:.*]] = vector.bitcast %[[RE]] : vector<32xi64> to vector<64xi32>
// CHECK-NEXT:    %[[O32:.*]] = vector.bitcast %[[RO]] : vector<32xi64> to vector<64xi32>
// CHECK-NEXT:    %[[R:.*]] = vector.shuffle %[[E32]], %[[O32]] [0, 64, 2, 66, {{.*}}, 62, 126] : vector<64xi32>, vector<64xi32>
// CHECK-NEXT:    %[[OUT:.*]] = vector.shape_cast %[[R]] : vector<64xi32> to vector<1x4x16xi32>
// CHECK-NOT:     arith.trunci
// CHECK:         return %[[OUT]]
func.func @requant_on_even_odd_lanes(%a: vector<1x4x16xi32>, %m: vector<1x4x16xi32>, %addend: vector<1x4x16xi64>, %shift: vector<1x4x16xi64>) -> vector<1x4x16xi32> {
  %zero = arith.constant dense<0> : vector<1x4x16xi64>
  %adjust = arith.constant dense<2147483648> : vector<1x4x16xi64>
  %a64 = arith.extsi %a : vector<1x4x16xi32> to vector<1x4x16xi64>
  %m64 = arith.extsi %m : vector<1x4x16xi32> to vector<1x4x16xi64>
  %p = arith.muli %a64, %m64 : vector<1x4x16xi64>
  %s = arith.addi %p, %addend : vector<1x4x16xi64>
  %neg = arith.cmpi slt, %p, %zero : vector<1x4x16xi64>
  %lower = arith.subi %s, %adjust : vector<1x4x16xi64>
  %t = arith.select %neg, %lower, %s : vector<1x4x16xi1>, vector<1x4x16xi64>
  %h = arith.shrsi %t, %shift : vector<1x4x16xi64>
  %r = arith.trunci %h : vector<1x4x16xi64> to vector<1x4x16xi32>
  return %r : vector<1x4x16xi32>
}

// -----

// A result that is the high word of an i64 value (x >> 32, the form of the
// requantization's last step): the even lanes shift it down, the odd lanes'
// high words are already in place, and one blend puts them together.
// CHECK-LABEL: func.func @requant_high_word_blended
// CHECK:         %[[EVEN:.*]] = arith.shrui %{{.*}}, %{{.*}} : vector<8xi64>
// CHECK-NOT:     arith.shrui
// CHECK:         %[[ODD:.*]] = arith.addi %{{.*}}, %{{.*}} : vector<8xi64>
// CHECK-NEXT:    %[[E32:.*]] = vector.bitcast %[[EVEN]] : vector<8xi64> to vector<16xi32>
// CHECK-NEXT:    %[[O32:.*]] = vector.bitcast %[[ODD]] : vector<8xi64> to vector<16xi32>
// CHECK-NEXT:    %[[R:.*]] = vector.shuffle %[[E32]], %[[O32]] [0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31] : vector<16xi32>, vector<16xi32>
// CHECK-NEXT:    return %[[R]]
func.func @requant_high_word_blended(%a: vector<16xi32>, %addend: vector<16xi64>) -> vector<16xi32> {
  %m = arith.constant dense<1518500250> : vector<16xi64>
  %c32 = arith.constant dense<32> : vector<16xi64>
  %a64 = arith.extsi %a : vector<16xi32> to vector<16xi64>
  %p = arith.muli %a64, %m : vector<16xi64>
  %s = arith.addi %p, %addend : vector<16xi64>
  %h = arith.shrui %s, %c32 : vector<16xi64>
  %r = arith.trunci %h : vector<16xi64> to vector<16xi32>
  return %r : vector<16xi32>
}

// -----

// A per-tensor multiplier (an i64 splat that fits i32) is an i32 splat (its
// even and odd lanes folded to i64 splats of it), and any elementwise i64
// arithmetic on a product of i32 values is carried over (here a shift by
// 30 of a square); a multiplier outside i32, an odd lane count or a select
// on a scalar condition is left alone.
// CHECK-LABEL: func.func @high_mul_splat_multiplier
// CHECK:         arith.constant dense<1518500250> : vector<4xi64>
// CHECK-COUNT-2: arith.muli {{.*}} : vector<4xi64>
// CHECK-NOT:     arith.trunci
// CHECK-LABEL: func.func @high_mul_not_matched
// CHECK:         arith.trunci %{{.*}} : vector<8xi64> to vector<8xi32>
// CHECK-COUNT-2: arith.muli %{{.*}} : vector<4xi64>
// CHECK:         arith.trunci %{{.*}} : vector<3xi64> to vector<3xi32>
// CHECK:         arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<8xi64>
// CHECK-NEXT:    arith.trunci %{{.*}} : vector<8xi64> to vector<8xi32>
// CHECK-NOT:     arith.trunci
func.func @high_mul_splat_multiplier(%a: vector<8xi32>) -> vector<8xi32> {
  %m = arith.constant dense<1518500250> : vector<8xi64>
  %nudge = arith.constant dense<1073741824> : vector<8xi64>
  %c31 = arith.constant dense<31> : vector<8xi64>
  %a64 = arith.extsi %a : vector<8xi32> to vector<8xi64>
  %p = arith.muli %a64, %m : vector<8xi64>
  %s = arith.addi %nudge, %p : vector<8xi64>
  %h = arith.shrsi %s, %c31 : vector<8xi64>
  %r = arith.trunci %h : vector<8xi64> to vector<8xi32>
  return %r : vector<8xi32>
}
func.func @high_mul_not_matched(%a: vector<8xi32>, %b: vector<3xi32>, %flag: i1) -> (vector<8xi32>, vector<8xi32>, vector<3xi32>, vector<8xi32>) {
  %big = arith.constant dense<4294967296> : vector<8xi64>
  %nudge = arith.constant dense<1073741824> : vector<8xi64>
  %c31 = arith.constant dense<31> : vector<8xi64>
  %c30 = arith.constant dense<30> : vector<8xi64>
  %a64 = arith.extsi %a : vector<8xi32> to vector<8xi64>
  %p = arith.muli %a64, %big : vector<8xi64>
  %s = arith.addi %p, %nudge : vector<8xi64>
  %h = arith.shrsi %s, %c31 : vector<8xi64>
  %r = arith.trunci %h : vector<8xi64> to vector<8xi32>
  %p2 = arith.muli %a64, %a64 : vector<8xi64>
  %s2 = arith.addi %p2, %nudge : vector<8xi64>
  %h2 = arith.shrsi %s2, %c30 : vector<8xi64>
  %r2 = arith.trunci %h2 : vector<8xi64> to vector<8xi32>
  %nudge3 = arith.constant dense<1073741824> : vector<3xi64>
  %c31b = arith.constant dense<31> : vector<3xi64>
  %b64 = arith.extsi %b : vector<3xi32> to vector<3xi64>
  %p3 = arith.muli %b64, %b64 : vector<3xi64>
  %s3 = arith.addi %p3, %nudge3 : vector<3xi64>
  %h3 = arith.shrsi %s3, %c31b : vector<3xi64>
  %r3 = arith.trunci %h3 : vector<3xi64> to vector<3xi32>
  // A select on a scalar condition (no lanes to split) is left alone.
  %one = arith.constant dense<1> : vector<8xi64>
  %p4 = arith.muli %a64, %a64 : vector<8xi64>
  %s4 = arith.addi %p4, %one : vector<8xi64>
  %t4 = arith.select %flag, %p4, %s4 : vector<8xi64>
  %r4 = arith.trunci %t4 : vector<8xi64> to vector<8xi32>
  return %r, %r2, %r3, %r4 : vector<8xi32>, vector<8xi32>, vector<3xi32>, vector<8xi32>
}

// -----

// A strided depthwise convolution of a large input is not split (the
// interior/border arithmetic assumes stride and dilation 1): one padded
// copy, no 62-wide interior piece.
// CHECK-LABEL: func.func @strided_depthwise_not_split
// CHECK:         linalg.fill {{.*}} tensor<1x66x66x16xf32>
// CHECK-NOT:     x62x
func.func @strided_depthwise_not_split(%x: tensor<1x64x64x16xf32>, %w: tensor<3x3x16xf32>) -> tensor<1x32x32x16xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x64x64x16xf32> to tensor<1x66x66x16xf32>
  %e = tensor.empty() : tensor<1x32x32x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x32x32x16xf32>) -> tensor<1x32x32x16xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%p, %w : tensor<1x66x66x16xf32>, tensor<3x3x16xf32>) outs(%f : tensor<1x32x32x16xf32>) -> tensor<1x32x32x16xf32>
  %e2 = tensor.empty() : tensor<1x32x32x16xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x32x32x16xf32>) outs(%e2 : tensor<1x32x32x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x32x32x16xf32>
  return %r : tensor<1x32x32x16xf32>
}

// -----

// A factor that is neither a sign extension from i32 nor an i32 splat (here
// an i64 argument) leaves the high multiply alone, and nothing is built for
// the other factor (a constant built before that check made the greedy
// driver fail to converge: the pass failed without a diagnostic).
// CHECK-LABEL: func.func @high_mul_wide_factor_left_alone
// CHECK-NOT:     vector<8xi32>
// CHECK:         %[[P:.*]] = arith.muli %{{.*}}, %{{.*}} : vector<4xi64>
// CHECK:         arith.trunci %{{.*}} : vector<4xi64> to vector<4xi32>
func.func @high_mul_wide_factor_left_alone(%a: vector<4xi64>) -> vector<4xi32> {
  %m = arith.constant dense<1518500250> : vector<4xi64>
  %nudge = arith.constant dense<1073741824> : vector<4xi64>
  %c31 = arith.constant dense<31> : vector<4xi64>
  %p = arith.muli %a, %m : vector<4xi64>
  %s = arith.addi %p, %nudge : vector<4xi64>
  %h = arith.shrsi %s, %c31 : vector<4xi64>
  %r = arith.trunci %h : vector<4xi64> to vector<4xi32>
  return %r : vector<4xi32>
}

// -----

// An integer depthwise convolution whose padding is not 0 (a quantized
// input's zero point, -91 once signed) with a constant filter: the border
// pieces compute with the taps that read the input, their accumulators
// starting from what the padded taps add, sum(-91 * w) per channel: -546
// for the three taps of an edge, -910 for the five of a corner. Nothing is
// padded; the accumulators' start is computed in the tiles (a slice of the
// per-channel sums, broadcast over the columns).
// CHECK-LABEL: func.func @split_around_integer_padding
// CHECK-NOT:     tensor.pad
// CHECK-NOT:     x66x
// CHECK-DAG:     %[[CORNER:.*]] = arith.constant dense<-910> : tensor<16xi32>
// CHECK-DAG:     %[[EDGE:.*]] = arith.constant dense<-546> : tensor<16xi32>
// CHECK-NOT:     linalg.generic
// CHECK:         vector.transfer_read %[[CORNER]]{{.*}} : tensor<16xi32>, vector<1x1x1x16xi32>
// CHECK:         vector.transfer_read %[[EDGE]]{{.*}} : tensor<16xi32>, vector<1x1x{{[0-9]+}}x16xi32>
// CHECK:         return
func.func @split_around_integer_padding(%x: tensor<1x64x64x64xi8>) -> tensor<1x64x64x64xi32> {
  %pad = arith.constant -91 : i8
  %zero = arith.constant 0 : i32
  %w = arith.constant dense<2> : tensor<3x3x64xi32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %pad : i8
  } : tensor<1x64x64x64xi8> to tensor<1x66x66x64xi8>
  %e = tensor.empty() : tensor<1x64x64x64xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x64x64x64xi32>) -> tensor<1x64x64x64xi32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x66x66x64xi8>, tensor<3x3x64xi32>) outs(%f : tensor<1x64x64x64xi32>) -> tensor<1x64x64x64xi32>
  %e2 = tensor.empty() : tensor<1x64x64x64xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x64x64x64xi32>) outs(%e2 : tensor<1x64x64x64xi32>) {
  ^bb0(%a: i32, %o: i32):
    %m = arith.maxsi %a, %zero : i32
    linalg.yield %m : i32
  } -> tensor<1x64x64x64xi32>
  return %r : tensor<1x64x64x64xi32>
}
