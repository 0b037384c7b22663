// Float qfold.conv2d lowering: the NCHW input is transposed to NHWC and padded
// with 0.0, the OIHW filter is re-laid out for the linalg convolution, which
// accumulates into a zero-filled tensor, then one epilogue linalg.generic
// adds the bias and applies the fused clamp, and the result is transposed
// back to NCHW.
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg | FileCheck %s

// Bias and both clamp bounds, symmetric padding, stride 2. The filter map
// reads OIHW[f, c, h, w] for HWCF[h, w, c, f]; the epilogue reads the bias by
// output channel (the NHWC dimension 3) and clamps with maximumf/minimumf.
// CHECK-DAG:   #[[$HWCF:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d2, d0, d1)>
// CHECK-DAG:   #[[$ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$OC:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_float_bias_clamp
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x3x8x8xf32>, %[[W:[0-9a-zA-Z_]+]]: tensor<4x3x3x3xf32>, %[[B:[0-9a-zA-Z_]+]]: tensor<4xf32>) -> tensor<1x4x4x4xf32>
// CHECK:         %[[PADV:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[NHWC:.+]] = linalg.transpose ins(%[[X]] : tensor<1x3x8x8xf32>) outs(%{{.+}} : tensor<1x8x8x3xf32>) permutation = [0, 2, 3, 1]
// CHECK:         %[[PAD:.+]] = tensor.pad %[[NHWC]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:           tensor.yield %[[PADV]] : f32
// CHECK:         } : tensor<1x8x8x3xf32> to tensor<1x10x10x3xf32>
// CHECK:         %[[FILTER:.+]] = linalg.generic {indexing_maps = [#[[$HWCF]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[W]] : tensor<4x3x3x3xf32>) outs(%{{.+}} : tensor<3x3x3x4xf32>)
// CHECK-NEXT:    ^bb0(%[[WIN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      linalg.yield %[[WIN]] : f32
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[ACC:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[PAD]], %[[FILTER]] : tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>) outs(%[[ACC]] : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK:         %[[EPI:.+]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$OC]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[CONV]], %[[B]] : tensor<1x4x4x4xf32>, tensor<4xf32>) outs(%{{.+}} : tensor<1x4x4x4xf32>)
// CHECK-NEXT:    ^bb0(%[[ACCV:.+]]: f32, %[[BIASV:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[SUM:.+]] = arith.addf %[[ACCV]], %[[BIASV]] : f32
// CHECK-NEXT:      %[[LO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maximumf %[[SUM]], %[[LO]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 6.000000e+00 : f32
// CHECK-NEXT:      %[[MIN:.+]] = arith.minimumf %[[MAX]], %[[HI]] : f32
// CHECK-NEXT:      linalg.yield %[[MIN]] : f32
// CHECK:         %[[OUT:.+]] = linalg.transpose ins(%[[EPI]] : tensor<1x4x4x4xf32>) outs(%{{.+}} : tensor<1x4x4x4xf32>) permutation = [0, 3, 1, 2]
// CHECK:         return %[[OUT]] : tensor<1x4x4x4xf32>
func.func @conv_float_bias_clamp(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = qfold.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, groups = 1, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Asymmetric pads (top, left, bottom, right) = (1, 0, 2, 1) become
// low[0, 1, 0, 0] high[0, 2, 1, 0] on NHWC; per-axis strides and dilations
// pass through to the linalg op. A bias without a clamp: the epilogue only
// adds.
// CHECK-LABEL: func.func @conv_float_strided_dilated
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x2x9x9xf32>, %[[W:[0-9a-zA-Z_]+]]: tensor<3x2x3x3xf32>, %[[B:[0-9a-zA-Z_]+]]: tensor<3xf32>)
// CHECK:         %[[NHWC:.+]] = linalg.transpose ins(%[[X]] : tensor<1x2x9x9xf32>) outs(%{{.+}} : tensor<1x9x9x2xf32>) permutation = [0, 2, 3, 1]
// CHECK:         %[[PAD:.+]] = tensor.pad %[[NHWC]] low[0, 1, 0, 0] high[0, 2, 1, 0]
// CHECK:         } : tensor<1x9x9x2xf32> to tensor<1x12x10x2xf32>
// CHECK:         %[[FILTER:.+]] = linalg.generic {{.*}} ins(%[[W]] : tensor<3x2x3x3xf32>) outs(%{{.+}} : tensor<3x3x2x3xf32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[PAD]], %[[FILTER]] : tensor<1x12x10x2xf32>, tensor<3x3x2x3xf32>) outs(%{{.+}} : tensor<1x4x3x3xf32>)
// CHECK:         linalg.generic {{.*}} ins(%[[CONV]], %[[B]] : tensor<1x4x3x3xf32>, tensor<3xf32>)
// CHECK-NEXT:    ^bb0(%[[ACCV:.+]]: f32, %[[BIASV:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[SUM:.+]] = arith.addf %[[ACCV]], %[[BIASV]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
func.func @conv_float_strided_dilated(%x: tensor<1x2x9x9xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x4x3xf32> {
  %0 = qfold.conv2d %x, %w, %b {pads = array<i64: 1, 0, 2, 1>, strides = array<i64: 2, 3>, dilations = array<i64: 2, 1>} : (tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x3xf32>
  return %0 : tensor<1x3x4x3xf32>
}

// -----

// No bias, no clamp, no padding: no tensor.pad and no epilogue, the
// convolution result is transposed back directly. A dynamic batch size is
// carried through tensor.dim into every tensor.empty.
// CHECK-LABEL: func.func @conv_float_no_bias_no_clamp
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<?x3x5x5xf32>, %[[W:[0-9a-zA-Z_]+]]: tensor<6x3x3x3xf32>) -> tensor<?x6x3x3xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3x5x5xf32>
// CHECK:         tensor.empty(%[[N]]) : tensor<?x5x5x3xf32>
// CHECK:         %[[NHWC:.+]] = linalg.transpose ins(%[[X]] : tensor<?x3x5x5xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[FILTER:.+]] = linalg.generic {{.*}} ins(%[[W]] : tensor<6x3x3x3xf32>) outs(%{{.+}} : tensor<3x3x3x6xf32>)
// CHECK:         %[[ACC:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<?x3x3x6xf32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[NHWC]], %[[FILTER]] : tensor<?x5x5x3xf32>, tensor<3x3x3x6xf32>) outs(%[[ACC]] : tensor<?x3x3x6xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         %[[OUT:.+]] = linalg.transpose ins(%[[CONV]] : tensor<?x3x3x6xf32>) outs(%{{.+}} : tensor<?x6x3x3xf32>) permutation = [0, 3, 1, 2]
// CHECK-NEXT:    return %[[OUT]]
func.func @conv_float_no_bias_no_clamp(%x: tensor<?x3x5x5xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<?x6x3x3xf32> {
  %0 = qfold.conv2d %x, %w : (tensor<?x3x5x5xf32>, tensor<6x3x3x3xf32>) -> tensor<?x6x3x3xf32>
  return %0 : tensor<?x6x3x3xf32>
}

// -----

// groups == input channels == output channels: linalg.depthwise_conv_2d_nhwc_hwc
// with the [C, 1, KH, KW] filter re-laid out as [KH, KW, C]. clamp_max alone
// gives a minimumf and no maximumf.
// CHECK-DAG:   #[[$HWC:.+]] = affine_map<(d0, d1, d2) -> (d2, 0, d0, d1)>
// CHECK-DAG:   #[[$ID3:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @conv_float_depthwise
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x3x5x5xf32>, %[[W:[0-9a-zA-Z_]+]]: tensor<3x1x3x3xf32>, %[[B:[0-9a-zA-Z_]+]]: tensor<3xf32>)
// CHECK:         %[[PAD:.+]] = tensor.pad %{{.+}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:         %[[FILTER:.+]] = linalg.generic {indexing_maps = [#[[$HWC]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[W]] : tensor<3x1x3x3xf32>) outs(%{{.+}} : tensor<3x3x3xf32>)
// CHECK:         %[[ACC:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x5x5x3xf32>)
// CHECK:         %[[CONV:.+]] = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[PAD]], %[[FILTER]] : tensor<1x7x7x3xf32>, tensor<3x3x3xf32>) outs(%[[ACC]] : tensor<1x5x5x3xf32>)
// CHECK:         %[[EPI:.+]] = linalg.generic {{.*}} ins(%[[CONV]], %[[B]] : tensor<1x5x5x3xf32>, tensor<3xf32>)
// CHECK-NEXT:    ^bb0(%[[ACCV:.+]]: f32, %[[BIASV:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[SUM:.+]] = arith.addf %[[ACCV]], %[[BIASV]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 6.000000e+00 : f32
// CHECK-NEXT:      %[[MIN:.+]] = arith.minimumf %[[SUM]], %[[HI]] : f32
// CHECK-NEXT:      linalg.yield %[[MIN]] : f32
// CHECK:         linalg.transpose ins(%[[EPI]] : tensor<1x5x5x3xf32>) outs(%{{.+}} : tensor<1x3x5x5xf32>) permutation = [0, 3, 1, 2]
func.func @conv_float_depthwise(%x: tensor<1x3x5x5xf32>, %w: tensor<3x1x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x5x5xf32> {
  %0 = qfold.conv2d %x, %w, %b {groups = 3, pads = array<i64: 1, 1, 1, 1>, clamp_max = 6.0 : f32} : (tensor<1x3x5x5xf32>, tensor<3x1x3x3xf32>, tensor<3xf32>) -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

// -----

// groups == input channels with a channel multiplier of 2 (6 outputs):
// linalg.depthwise_conv_2d_nhwc_hwcm, whose [C, M] output channels collapse
// into o = c * 2 + m. clamp_min without bias: the epilogue has no addf.
// CHECK-DAG:   #[[$HWCM:.+]] = affine_map<(d0, d1, d2, d3) -> (d2 * 2 + d3, 0, d0, d1)>
// CHECK-LABEL: func.func @conv_float_depthwise_multiplier
// CHECK:         %[[FILTER:.+]] = linalg.generic {indexing_maps = [#[[$HWCM]], {{.+}}]
// CHECK-SAME:      ins(%{{.+}} : tensor<6x1x3x3xf32>) outs(%{{.+}} : tensor<3x3x3x2xf32>)
// CHECK:         %[[CONV:.+]] = linalg.depthwise_conv_2d_nhwc_hwcm
// CHECK-SAME:      ins(%{{.+}}, %[[FILTER]] : tensor<1x7x7x3xf32>, tensor<3x3x3x2xf32>) outs(%{{.+}} : tensor<1x5x5x3x2xf32>)
// CHECK:         %[[COLL:.+]] = tensor.collapse_shape %[[CONV]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x5x5x3x2xf32> into tensor<1x5x5x6xf32>
// CHECK:         %[[EPI:.+]] = linalg.generic {{.*}} ins(%[[COLL]] : tensor<1x5x5x6xf32>)
// CHECK-NEXT:    ^bb0(%[[ACCV:.+]]: f32, %{{.+}}: f32):
// CHECK-NOT:       arith.addf
// CHECK-NEXT:      %[[LO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maximumf %[[ACCV]], %[[LO]] : f32
// CHECK-NEXT:      linalg.yield %[[MAX]] : f32
// CHECK:         linalg.transpose ins(%[[EPI]] : tensor<1x5x5x6xf32>) outs(%{{.+}} : tensor<1x6x5x5xf32>) permutation = [0, 3, 1, 2]
func.func @conv_float_depthwise_multiplier(%x: tensor<1x3x5x5xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %0 = qfold.conv2d %x, %w {groups = 3, pads = array<i64: 1, 1, 1, 1>, clamp_min = 0.0 : f32} : (tensor<1x3x5x5xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}

// -----

// 1 < groups < channels: the NHWC input is split into [N, H, W, G, C/G], the
// filter re-laid out as GFHWC, linalg.conv_2d_nhwgc_gfhwc computes
// [N, OH, OW, G, F] and the output channels collapse into o = g * 3 + f.
// CHECK-DAG:   #[[$GFHWC:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0 * 3 + d1, d4, d2, d3)>
// CHECK-LABEL: func.func @conv_float_grouped
// CHECK:         %[[NHWC:.+]] = linalg.transpose ins(%{{.+}} : tensor<1x4x5x5xf32>) outs(%{{.+}} : tensor<1x5x5x4xf32>) permutation = [0, 2, 3, 1]
// CHECK:         %[[SPLIT:.+]] = tensor.expand_shape %[[NHWC]] {{\[\[}}0], [1], [2], [3, 4]] output_shape [1, 5, 5, 2, 2] : tensor<1x5x5x4xf32> into tensor<1x5x5x2x2xf32>
// CHECK:         %[[FILTER:.+]] = linalg.generic {indexing_maps = [#[[$GFHWC]], {{.+}}]
// CHECK-SAME:      ins(%{{.+}} : tensor<6x2x3x3xf32>) outs(%{{.+}} : tensor<2x3x3x3x2xf32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[SPLIT]], %[[FILTER]] : tensor<1x5x5x2x2xf32>, tensor<2x3x3x3x2xf32>) outs(%{{.+}} : tensor<1x3x3x2x3xf32>)
// CHECK:         %[[COLL:.+]] = tensor.collapse_shape %[[CONV]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x3x3x2x3xf32> into tensor<1x3x3x6xf32>
// CHECK:         linalg.transpose ins(%[[COLL]] : tensor<1x3x3x6xf32>) outs(%{{.+}} : tensor<1x6x3x3xf32>) permutation = [0, 3, 1, 2]
func.func @conv_float_grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %0 = qfold.conv2d %x, %w {groups = 2} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

// A constant filter is re-laid out at compile time: OIHW [[[[1, 2]]], [[[3, 4]]]]
// (O = 2, KW = 2) becomes the HWCF constant [[[[1, 3]], [[2, 4]]]], and no
// run-time re-layout linalg.generic is emitted.
// CHECK-LABEL: func.func @conv_float_constant_filter
// CHECK:         %[[HWCF:.+]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00]], {{\[\[}}2.000000e+00, 4.000000e+00]]]]> : tensor<1x2x1x2xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK-SAME:      ins(%{{.+}}, %[[HWCF]] : tensor<1x4x4x1xf32>, tensor<1x2x1x2xf32>) outs(%{{.+}} : tensor<1x4x3x2xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         linalg.transpose
func.func @conv_float_constant_filter(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x3xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// -----

// Per-channel padding values (a folded input normalization): the padded
// NHWC input is the values broadcast along the channel dimension with the
// input inserted in its middle, for a dynamic batch too; no tensor.pad.
// CHECK-DAG:   #[[$CHANNEL:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_float_pad_values
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<?x2x4x5xf32>
// CHECK:         %[[NHWC:.+]] = linalg.transpose ins(%[[X]] : tensor<?x2x4x5xf32>)
// CHECK:         %[[VALUES:.+]] = arith.constant dense<[5.000000e-01, -1.250000e+00]> : tensor<2xf32>
// CHECK:         %[[BACKGROUND:.+]] = linalg.generic {indexing_maps = [#[[$CHANNEL]], #{{.+}}], {{.*}}} ins(%[[VALUES]] : tensor<2xf32>) outs(%{{.+}} : tensor<?x6x8x2xf32>)
// CHECK:         %[[PADDED:.+]] = tensor.insert_slice %[[NHWC]] into %[[BACKGROUND]][0, 1, 2, 0] [%{{.+}}, 4, 5, 2] [1, 1, 1, 1] : tensor<?x4x5x2xf32> into tensor<?x6x8x2xf32>
// CHECK-NOT:     tensor.pad
// CHECK:         linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[PADDED]],
func.func @conv_float_pad_values(%x: tensor<?x2x4x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<?x3x4x6xf32> {
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 2, 1, 1>, pad_values = array<f32: 0.5, -1.25>} : (tensor<?x2x4x5xf32>, tensor<3x2x3x3xf32>) -> tensor<?x3x4x6xf32>
  return %0 : tensor<?x3x4x6xf32>
}
