// Integer convolutions with int8-dot=pairs: the input channels are reduced
// two at a time (for qfold-lower-pair-dot-products) when there is an even
// number of them, one at a time otherwise.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{cache-bytes=1048576 vector-lanes=8 vector-registers=16 int8-dot=pairs}))" | FileCheck %s
// RUN: not qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{int8-dot=fast}))" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: for the --int8-dot option: Cannot find option named 'fast'!

// The input is widened to i16 once, in vectorized rows, so that each
// column's channel pair is one 32-bit load in the inner loop.
// CHECK-LABEL: func.func @even_channels
// CHECK:         arith.extsi {{.*}} : vector<1x1x1x16xi8> to vector<1x1x1x16xi16>
// CHECK:         scf.for %{{.*}} = %c0 to %c16 step %c2 iter_args({{.*}}) -> (vector<1x4x16xi32>)
// CHECK:           vector.transfer_read {{.*}} : tensor<1x10x10x16xi16>, vector<1x6x2xi16>
// CHECK-NOT:       vector.transpose
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

// A constant i8 filter is widened to i16 and its channel pairs interleaved
// at compile time: W[c][f] = [[3, -128], [7, 9]] is read as the row
// (w0[f], w1[f]) = [3, 7, -128, 9], then viewed as [2 x F] for the contraction
// (qfold-lower-pair-dot-products takes the row itself).
// CHECK-LABEL: func.func @constant_filter
// CHECK-DAG:     %[[P:.*]] = arith.constant dense<{{\[\[\[\[}}3, 7, -128, 9]]]]> : tensor<1x1x1x4xi16>
// CHECK:           %[[HALF:.*]] = arith.divui %c0, %{{.*}} : index
// CHECK:           %[[TWICE:.*]] = arith.muli %c0, %{{.*}} : index
// CHECK:           %[[ROWS:.*]] = vector.transfer_read %[[P]][%c0, %c0, %[[HALF]], %[[TWICE]]], %{{.*}} {in_bounds = [true, true], permutation_map = #{{.*}}} : tensor<1x1x1x4xi16>, vector<1x4xi16>
// CHECK:           %[[ROW:.*]] = vector.extract %[[ROWS]][0] : vector<4xi16> from vector<1x4xi16>
// CHECK:           %[[CAST:.*]] = vector.shape_cast %[[ROW]] : vector<4xi16> to vector<2x2xi16>
// CHECK:           %[[W:.*]] = vector.transpose %[[CAST]], [1, 0] : vector<2x2xi16> to vector<2x2xi16>
// CHECK:           arith.extsi %[[W]] : vector<2x2xi16> to vector<2x2xi32>
// CHECK:           vector.contract {{.*}} : vector<1x4x2xi32>, vector<2x2xi32> into vector<1x4x2xi32>
func.func @constant_filter(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi32> {
  %wb = arith.constant dense<[[[[3, -128], [7, 9]]]]> : tensor<1x1x2x2xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x4x2xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %wb : tensor<1x4x4x2xi8>, tensor<1x1x2x2xi8>) outs(%f : tensor<1x4x4x2xi32>) -> tensor<1x4x4x2xi32>
  return %c : tensor<1x4x4x2xi32>
}

// -----

// Three kernel columns, two channel pairs: the interleaved rows are read
// along the kernel columns and the pairs (the last dimension), one row per
// column, at pair c / 2 of the loop over channel pairs: W[0][c][f] for
// c = 0, 1 and f = 0, 1 are -125, -88, -80, -43, the first row -125, -80, -88, -43.
// CHECK-LABEL: func.func @constant_filter_three_columns
// CHECK-DAG:     %[[P:.*]] = arith.constant dense<{{\[\[\[\[}}-125, -80, -88, -43, {{.*}}> : tensor<1x3x2x16xi16>
// CHECK:         scf.for %[[C:.*]] = %c0 to %c4 step %c2
// CHECK:           %[[HALF:.*]] = arith.divui %[[C]], %{{.*}} : index
// CHECK:           vector.transfer_read %[[P]][{{.*}}%[[HALF]], %{{.*}}]{{.*}} : tensor<1x3x2x16xi16>, vector<3x16xi16>
// CHECK-COUNT-3:   vector.transpose {{.*}} : vector<8x2xi16> to vector<2x8xi16>
func.func @constant_filter_three_columns(%x: tensor<1x2x6x4xi8>) -> tensor<1x2x4x8xi32> {
  %w = arith.constant dense<[[[[-125, -88, -51, -14, 23, 60, 97, -117], [-80, -43, -6, 31, 68, 105, -109, -72], [-35, 2, 39, 76, 113, -101, -64, -27], [10, 47, 84, 121, -93, -56, -19, 18]], [[55, 92, -122, -85, -48, -11, 26, 63], [100, -114, -77, -40, -3, 34, 71, 108], [-106, -69, -32, 5, 42, 79, 116, -98], [-61, -24, 13, 50, 87, 124, -90, -53]], [[-16, 21, 58, 95, -119, -82, -45, -8], [29, 66, 103, -111, -74, -37, 0, 37], [74, 111, -103, -66, -29, 8, 45, 82], [119, -95, -58, -21, 16, 53, 90, -124]]]]> : tensor<1x3x4x8xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x2x4x8xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x2x4x8xi32>) -> tensor<1x2x4x8xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x6x4xi8>, tensor<1x3x4x8xi8>) outs(%f : tensor<1x2x4x8xi32>) -> tensor<1x2x4x8xi32>
  return %c : tensor<1x2x4x8xi32>
}

// -----

// The sign flip of a u8 input and the widening to i16 are one pass, before
// the padding, which is then in i16 with the widened pad value.
#id = affine_map<(a, b, c, d) -> (a, b, c, d)>
// CHECK-LABEL: func.func @flip_widen_pad
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             %[[X:.*]] = vector.transfer_read %arg0{{.*}} : tensor<1x6x6x16xi8>, vector<1x1x1x16xi8>
// CHECK:             %[[FLIP:.*]] = arith.xori %[[X]], %{{.*}} : vector<1x1x1x16xi8>
// CHECK:             %[[WIDE:.*]] = arith.extsi %[[FLIP]] : vector<1x1x1x16xi8> to vector<1x1x1x16xi16>
// CHECK:             vector.transfer_write %[[WIDE]]
// CHECK-NOT:     xi8>
// CHECK:         %[[PADDED:.*]] = linalg.fill ins(%c-128_i16 : i16) outs(%{{.*}} : tensor<1x8x8x16xi16>)
// CHECK:         tensor.insert_slice %{{.*}} into %[[PADDED]][0, 1, 1, 0] [1, 6, 6, 16] [1, 1, 1, 1] : tensor<1x6x6x16xi16> into tensor<1x8x8x16xi16>
func.func @flip_widen_pad(%x: tensor<1x6x6x16xi8>) -> tensor<1x6x6x16xi32> {
  %m = arith.constant -128 : i8
  %e8 = tensor.empty() : tensor<1x6x6x16xi8>
  %flip = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x6x6x16xi8>) outs(%e8 : tensor<1x6x6x16xi8>) {
  ^bb0(%a: i8, %o: i8):
    %r = arith.xori %a, %m : i8
    linalg.yield %r : i8
  } -> tensor<1x6x6x16xi8>
  %p = tensor.pad %flip low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %m : i8
  } : tensor<1x6x6x16xi8> to tensor<1x8x8x16xi8>
  %w = arith.constant dense<3> : tensor<3x3x16x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x6x6x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x6x6x16xi32>) -> tensor<1x6x6x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x8x8x16xi8>, tensor<3x3x16x16xi8>) outs(%f : tensor<1x6x6x16xi32>) -> tensor<1x6x6x16xi32>
  return %c : tensor<1x6x6x16xi32>
}

// -----

// The sign flip is also a result: it stays a pass of its own (not fused
// into the widening), whose i8 result is then widened.
#id = affine_map<(a, b, c, d) -> (a, b, c, d)>
// CHECK-LABEL: func.func @flip_used_elsewhere
// CHECK:         %[[FLIP:.*]] = scf.for {{.*}} -> (tensor<1x6x6x16xi8>)
// CHECK:           arith.xori {{.*}} : vector<1x1x1x16xi8>
// CHECK:         scf.for {{.*}} -> (tensor<1x6x6x16xi16>)
// CHECK-NOT:       arith.xori
// CHECK:           %[[NARROW:.*]] = vector.transfer_read %[[FLIP]]
// CHECK-NEXT:      arith.extsi %[[NARROW]] : vector<1x1x1x16xi8> to vector<1x1x1x16xi16>
// CHECK:         return %{{.*}}, %[[FLIP]] : tensor<1x6x6x16xi32>, tensor<1x6x6x16xi8>
func.func @flip_used_elsewhere(%x: tensor<1x6x6x16xi8>) -> (tensor<1x6x6x16xi32>, tensor<1x6x6x16xi8>) {
  %m = arith.constant -128 : i8
  %e8 = tensor.empty() : tensor<1x6x6x16xi8>
  %flip = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x6x6x16xi8>) outs(%e8 : tensor<1x6x6x16xi8>) {
  ^bb0(%a: i8, %o: i8):
    %r = arith.xori %a, %m : i8
    linalg.yield %r : i8
  } -> tensor<1x6x6x16xi8>
  %w = arith.constant dense<3> : tensor<1x1x16x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x6x6x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x6x6x16xi32>) -> tensor<1x6x6x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%flip, %w : tensor<1x6x6x16xi8>, tensor<1x1x16x16xi8>) outs(%f : tensor<1x6x6x16xi32>) -> tensor<1x6x6x16xi32>
  return %c, %flip : tensor<1x6x6x16xi32>, tensor<1x6x6x16xi8>
}
