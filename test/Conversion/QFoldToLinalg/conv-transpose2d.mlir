// qfold.conv_transpose2d lowers as the qfold.conv2d it equals: the input
// spread `stride` apart (inserted with strides into zeros), padded by
// dilation * (K - 1) - pad (+ output_padding after) or cropped where that is
// negative, and convolved at stride 1 with the filter transposed per group
// and flipped (at compile time when constant).
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg | FileCheck %s

// Stride 2, groups 2 (4 input channels, 3 outputs per group), pads
// [1, 1, 0, 1], output_padding [1, 0], a run-time filter: padding 2 - 1 = 1
// top and left, 2 - 0 + 1 = 3 bottom, 2 - 1 = 1 right; the filter read at
// (g, c, j, 2 - y, 2 - x) into [g, O/g, C/g, KH, KW].
// CHECK-DAG:   #[[$FLIP:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-LABEL: func.func @runtime_filter
// CHECK:         %[[ZEROS:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x4x5x5xf32>)
// CHECK:         %[[SPREAD:.+]] = tensor.insert_slice %arg0 into %[[ZEROS]][0, 0, 0, 0] [1, 4, 3, 3] [1, 1, 2, 2]
// CHECK:         %[[GROUPED:.+]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 2, 3, 3, 3]
// CHECK:         linalg.generic {indexing_maps = [#[[$FLIP]], #{{.+}}], {{.*}}} ins(%[[GROUPED]] : tensor<2x2x3x3x3xf32>) outs(%{{.+}} : tensor<2x3x2x3x3xf32>)
// CHECK:         tensor.collapse_shape {{.*}} into tensor<6x2x3x3xf32>
// CHECK:         linalg.transpose ins(%[[SPREAD]] : tensor<1x4x5x5xf32>)
// CHECK:         tensor.pad %{{.+}} low[0, 1, 1, 0] high[0, 3, 1, 0]
// CHECK:         linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME:      -> tensor<1x7x5x2x3xf32>
func.func @runtime_filter(%x: tensor<1x4x3x3xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x6x7x5xf32> {
  %0 = qfold.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 1>, output_padding = array<i64: 1, 0>, groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x7x5xf32>
  return %0 : tensor<1x6x7x5xf32>
}

// -----

// Pads [2, 0, 1, 1] with a 2x2 kernel: 1 - 2 = -1 crops the first input
// row; 1 - 0 = 1 pads on the left, 0 elsewhere. The constant filter is
// flipped at compile time.
// CHECK-LABEL: func.func @crop_constant_filter
// CHECK:         %[[CROPPED:.+]] = tensor.extract_slice %arg0[0, 0, 1, 0] [1, 1, 3, 4] [1, 1, 1, 1]
// CHECK:         arith.constant dense<{{\[\[\[\[}}4.000000e+00, 3.000000e+00], [2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK:         linalg.transpose ins(%[[CROPPED]] : tensor<1x1x3x4xf32>)
// CHECK:         tensor.pad %{{.+}} low[0, 0, 1, 0] high[0, 0, 0, 0]
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK-SAME:      -> tensor<1x2x4x1xf32>
func.func @crop_constant_filter(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x4xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %0 = qfold.conv_transpose2d %x, %w {pads = array<i64: 2, 0, 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x2x4xf32>
  return %0 : tensor<1x1x2x4xf32>
}
