// Grouped convolutions of at most 16 groups of 8+ output channels become one
// regular NHWC convolution per group on its channel slices, each tiled and
// vectorized with its slice of the epilogue, written into the result's
// channels of that group. Narrower groups, more groups, or an accumulator
// other than a fill keep the grouped convolution (the loop lowering).
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{target-cpu=znver3 cache-bytes=1048576}))" | FileCheck %s

// The groups read input channels c and c + 4 (the slices fold into the
// transfers), each in steps of 10 columns x 8 channels, and add their bias.
// CHECK-DAG:   #[[PLUS4:.*]] = affine_map<()[s0] -> (s0 + 4)>
// CHECK-LABEL: func.func @two_groups
// CHECK-SAME:    (%[[X:.*]]: tensor<1x8x12x8xf32>,
// CHECK-NOT:     linalg.conv_2d_nhwgc_gfhwc
// CHECK:         scf.for %[[C0:.*]] = %c0 to %c4
// CHECK:         vector.transfer_read %[[X]][%c0, %{{.*}}, %c0, %[[C0]]]
// CHECK:         vector.contract {{.*}} into vector<1x10x8xf32>
// CHECK:         arith.addf {{.*}} : vector<1x1x10x8xf32>
// CHECK:         %[[G0:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 6, 10, 8] [1, 1, 1, 1] : tensor<1x6x10x8xf32> into tensor<1x6x10x16xf32>
// CHECK:         scf.for %[[C1:.*]] = %c0 to %c4
// CHECK:         %[[SHIFTED:.*]] = affine.apply #[[PLUS4]]()[%[[C1]]]
// CHECK:         vector.transfer_read %[[X]][%c0, %{{.*}}, %c0, %[[SHIFTED]]]
// CHECK:         vector.contract {{.*}} into vector<1x10x8xf32>
// CHECK:         arith.addf {{.*}} : vector<1x1x10x8xf32>
// CHECK:         %[[G1:.*]] = tensor.insert_slice %{{.*}} into %[[G0]][0, 0, 0, 8] [1, 6, 10, 8] [1, 1, 1, 1] : tensor<1x6x10x8xf32> into tensor<1x6x10x16xf32>
// CHECK:         return %[[G1]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>
func.func @two_groups(%x: tensor<1x8x12x8xf32>, %b: tensor<16xf32>) -> tensor<1x6x10x16xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %w = arith.constant dense<0.5> : tensor<2x8x3x3x4xf32>
  %xg = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 8, 12, 2, 4] : tensor<1x8x12x8xf32> into tensor<1x8x12x2x4xf32>
  %e = tensor.empty() : tensor<1x6x10x2x8xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x6x10x2x8xf32>) -> tensor<1x6x10x2x8xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xg, %w : tensor<1x8x12x2x4xf32>, tensor<2x8x3x3x4xf32>) outs(%f : tensor<1x6x10x2x8xf32>) -> tensor<1x6x10x2x8xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x6x10x2x8xf32> into tensor<1x6x10x16xf32>
  %o = tensor.empty() : tensor<1x6x10x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%cc, %b : tensor<1x6x10x16xf32>, tensor<16xf32>) outs(%o : tensor<1x6x10x16xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    linalg.yield %s : f32
  } -> tensor<1x6x10x16xf32>
  return %r : tensor<1x6x10x16xf32>
}

// -----

// Without an epilogue the groups' results are inserted as they are.
// CHECK-LABEL: func.func @no_epilogue
// CHECK-NOT:     linalg.conv_2d_nhwgc_gfhwc
// CHECK:         tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 6, 10, 8]
// CHECK:         tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 8] [1, 6, 10, 8]
func.func @no_epilogue(%x: tensor<1x8x12x8xf32>) -> tensor<1x6x10x16xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %w = arith.constant dense<0.5> : tensor<2x8x3x3x4xf32>
  %xg = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 8, 12, 2, 4] : tensor<1x8x12x8xf32> into tensor<1x8x12x2x4xf32>
  %e = tensor.empty() : tensor<1x6x10x2x8xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x6x10x2x8xf32>) -> tensor<1x6x10x2x8xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xg, %w : tensor<1x8x12x2x4xf32>, tensor<2x8x3x3x4xf32>) outs(%f : tensor<1x6x10x2x8xf32>) -> tensor<1x6x10x2x8xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x6x10x2x8xf32> into tensor<1x6x10x16xf32>
  return %cc : tensor<1x6x10x16xf32>
}

// -----

// Groups of 4 output channels; 32 groups; an accumulator that is no fill;
// groups that are not the input's channels (split off its width).
// CHECK-LABEL: func.func @kept_grouped
// CHECK-COUNT-4: linalg.conv_2d_nhwgc_gfhwc
func.func @kept_grouped(%x: tensor<1x8x12x8xf32>, %y: tensor<1x3x3x256xf32>, %acc: tensor<1x6x10x2x8xf32>, %z: tensor<1x8x24x4xf32>) -> (tensor<1x6x10x8xf32>, tensor<1x1x1x256xf32>, tensor<1x6x10x16xf32>, tensor<1x6x10x16xf32>) {
  %cst = arith.constant 0.000000e+00 : f32
  %w = arith.constant dense<0.5> : tensor<2x4x3x3x4xf32>
  %xg = tensor.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [1, 8, 12, 2, 4] : tensor<1x8x12x8xf32> into tensor<1x8x12x2x4xf32>
  %e = tensor.empty() : tensor<1x6x10x2x4xf32>
  %f = linalg.fill ins(%cst : f32) outs(%e : tensor<1x6x10x2x4xf32>) -> tensor<1x6x10x2x4xf32>
  %c = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xg, %w : tensor<1x8x12x2x4xf32>, tensor<2x4x3x3x4xf32>) outs(%f : tensor<1x6x10x2x4xf32>) -> tensor<1x6x10x2x4xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x6x10x2x4xf32> into tensor<1x6x10x8xf32>
  %v = arith.constant dense<0.5> : tensor<32x8x3x3x8xf32>
  %yg = tensor.expand_shape %y [[0], [1], [2], [3, 4]] output_shape [1, 3, 3, 32, 8] : tensor<1x3x3x256xf32> into tensor<1x3x3x32x8xf32>
  %e2 = tensor.empty() : tensor<1x1x1x32x8xf32>
  %f2 = linalg.fill ins(%cst : f32) outs(%e2 : tensor<1x1x1x32x8xf32>) -> tensor<1x1x1x32x8xf32>
  %d = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%yg, %v : tensor<1x3x3x32x8xf32>, tensor<32x8x3x3x8xf32>) outs(%f2 : tensor<1x1x1x32x8xf32>) -> tensor<1x1x1x32x8xf32>
  %dd = tensor.collapse_shape %d [[0], [1], [2], [3, 4]] : tensor<1x1x1x32x8xf32> into tensor<1x1x1x256xf32>
  %u = arith.constant dense<0.5> : tensor<2x8x3x3x4xf32>
  %a = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xg, %u : tensor<1x8x12x2x4xf32>, tensor<2x8x3x3x4xf32>) outs(%acc : tensor<1x6x10x2x8xf32>) -> tensor<1x6x10x2x8xf32>
  %aa = tensor.collapse_shape %a [[0], [1], [2], [3, 4]] : tensor<1x6x10x2x8xf32> into tensor<1x6x10x16xf32>
  %zg = tensor.expand_shape %z [[0], [1], [2, 3], [4]] output_shape [1, 8, 12, 2, 4] : tensor<1x8x24x4xf32> into tensor<1x8x12x2x4xf32>
  %e3 = tensor.empty() : tensor<1x6x10x2x8xf32>
  %f3 = linalg.fill ins(%cst : f32) outs(%e3 : tensor<1x6x10x2x8xf32>) -> tensor<1x6x10x2x8xf32>
  %b = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%zg, %u : tensor<1x8x12x2x4xf32>, tensor<2x8x3x3x4xf32>) outs(%f3 : tensor<1x6x10x2x8xf32>) -> tensor<1x6x10x2x8xf32>
  %bb = tensor.collapse_shape %b [[0], [1], [2], [3, 4]] : tensor<1x6x10x2x8xf32> into tensor<1x6x10x16xf32>
  return %cc, %dd, %aa, %bb : tensor<1x6x10x8xf32>, tensor<1x1x1x256xf32>, tensor<1x6x10x16xf32>, tensor<1x6x10x16xf32>
}
