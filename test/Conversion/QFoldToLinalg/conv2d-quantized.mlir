// Quantized qfold.conv2d lowering: quantized tensors become their signless
// storage (i8), u8 activations are re-centred to i8 by flipping the sign bit
// (x ^ 0x80 == x - 128), the linalg convolution accumulates in i32, a
// per-channel correction (bias - x_zp * sum(w - w_zp)) is added in the
// epilogue, which then requantizes: a Q31 fixed-point multiplier and shift in
// tflite mode (the default), f32 arithmetic rounded half to even in onnx mode.
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg | FileCheck %s --check-prefixes=CHECK,TFLITE
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg="requant-mode=onnx" | FileCheck %s --check-prefixes=CHECK,ONNX

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.05>
!y = !quant.uniform<u8:f32, 0.2:100>

// u8 input with zero point 128, constant per-tensor i8 weights, run-time
// bias, u8 result. The flipped input has zero point 0, which is also the
// padding value. The constant filter is re-laid out to HWCF at compile time
// and its per-channel sums [1 - 2, 3 + 4] feed the correction.
// M = 0.1 * 0.05 / 0.2 = 0.025 = 0.8 * 2^-5: Q31 multiplier
// round(0.8 * 2^31) = 1717986918, right shift 5, no left shift. The clamp
// [max(110, 0), 255] is applied relative to the output zero point 100:
// [10, 155].
// CHECK-DAG:   #[[$ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$OC:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_quantized_per_tensor
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x2x4x4xi8>, %[[B:[0-9a-zA-Z_]+]]: tensor<2xi32>) -> tensor<1x2x6x6xi8>
// CHECK:         %[[PADV:.+]] = arith.constant 0 : i8
// CHECK:         %[[NHWC:.+]] = linalg.transpose ins(%[[X]] : tensor<1x2x4x4xi8>) outs(%{{.+}} : tensor<1x4x4x2xi8>) permutation = [0, 2, 3, 1]
// CHECK:         %[[SIGN:.+]] = arith.constant -128 : i8
// CHECK:         %[[FLIPPED:.+]] = linalg.generic {{.*}} ins(%[[NHWC]] : tensor<1x4x4x2xi8>) outs(%{{.+}} : tensor<1x4x4x2xi8>)
// CHECK-NEXT:    ^bb0(%[[XV:.+]]: i8, %{{.+}}: i8):
// CHECK-NEXT:      %[[XOR:.+]] = arith.xori %[[XV]], %[[SIGN]] : i8
// CHECK-NEXT:      linalg.yield %[[XOR]] : i8
// CHECK:         %[[PAD:.+]] = tensor.pad %[[FLIPPED]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:           tensor.yield %[[PADV]] : i8
// CHECK:         } : tensor<1x4x4x2xi8> to tensor<1x6x6x2xi8>
// CHECK:         %[[FILTER:.+]] = arith.constant dense<{{\[\[\[\[}}1, 3], [-2, 4]]]]> : tensor<1x1x2x2xi8>
// CHECK:         %[[WSUM:.+]] = arith.constant dense<[-1, 7]> : tensor<2xi32>
// CHECK:         %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK:         %[[ACC:.+]] = linalg.fill ins(%[[ZERO]] : i32) outs(%{{.+}} : tensor<1x6x6x2xi32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[PAD]], %[[FILTER]] : tensor<1x6x6x2xi8>, tensor<1x1x2x2xi8>) outs(%[[ACC]] : tensor<1x6x6x2xi32>) -> tensor<1x6x6x2xi32>
// CHECK:         %[[XZP:.+]] = arith.constant 0 : i32
// CHECK:         %[[CORR:.+]] = linalg.generic {{.*}} ins(%[[WSUM]], %[[B]] : tensor<2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<2xi32>)
// CHECK-NEXT:    ^bb0(%[[SUMV:.+]]: i32, %[[BV:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ZPSUM:.+]] = arith.muli %[[XZP]], %[[SUMV]] : i32
// CHECK-NEXT:      %[[CV:.+]] = arith.subi %[[BV]], %[[ZPSUM]] : i32
// CHECK-NEXT:      linalg.yield %[[CV]] : i32
// CHECK:         %[[EPI:.+]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$OC]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[CONV]], %[[CORR]] : tensor<1x6x6x2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<1x6x6x2xi8>)
// CHECK-NEXT:    ^bb0(%[[ACCV:.+]]: i32, %[[CORRV:.+]]: i32, %{{.+}}: i8):
// CHECK-NEXT:      %[[SUM:.+]] = arith.addi %[[ACCV]], %[[CORRV]] : i32
//
// TFLITE:          %[[MUL:.+]] = arith.constant 1717986918 : i64
// The high multiply and the rounding shift by 5 in one rounding step:
// t = p + 2^30 + 2^35 - (p < 0 ? 2^31 : 0), then floor(t / 2^36) as t's high
// word shifted right by 4 on i32.
// TFLITE:          %[[ADDEND:.+]] = arith.constant 35433480192 : i64
// TFLITE-NEXT:     %[[ADJUST:.+]] = arith.constant 2147483648 : i64
// TFLITE-NEXT:     arith.constant 0 : i64
// TFLITE-NEXT:     %[[C4:.+]] = arith.constant 4 : i32
// TFLITE-NOT:      arith.shli %[[SUM]]
// TFLITE-NEXT:     %[[WIDE:.+]] = arith.extsi %[[SUM]] : i32 to i64
// TFLITE-NEXT:     %[[PROD:.+]] = arith.muli %[[WIDE]], %[[MUL]] : i64
// TFLITE-NEXT:     %[[ROUNDED:.+]] = arith.addi %[[PROD]], %[[ADDEND]] : i64
// TFLITE-NEXT:     %[[Z64:.+]] = arith.constant 0 : i64
// TFLITE-NEXT:     %[[NEG:.+]] = arith.cmpi slt, %[[PROD]], %[[Z64]] : i64
// TFLITE-NEXT:     %[[LOWER:.+]] = arith.subi %[[ROUNDED]], %[[ADJUST]] : i64
// TFLITE-NEXT:     %[[SEL:.+]] = arith.select %[[NEG]], %[[LOWER]], %[[ROUNDED]] : i64
// TFLITE-NEXT:     %[[C32:.+]] = arith.constant 32 : i64
// TFLITE-NEXT:     %[[HIGH64:.+]] = arith.shrui %[[SEL]], %[[C32]] : i64
// TFLITE-NEXT:     %[[HIGH:.+]] = arith.trunci %[[HIGH64]] : i64 to i32
// TFLITE-NEXT:     %[[SCALED:.+]] = arith.shrsi %[[HIGH]], %[[C4]] : i32
// TFLITE-NEXT:     %[[LO:.+]] = arith.constant 10 : i32
// TFLITE-NEXT:     %[[MAX:.+]] = arith.maxsi %[[SCALED]], %[[LO]] : i32
// TFLITE-NEXT:     %[[HI:.+]] = arith.constant 155 : i32
// TFLITE-NEXT:     %[[MIN:.+]] = arith.minsi %[[MAX]], %[[HI]] : i32
// TFLITE-NEXT:     %[[ZP:.+]] = arith.constant 100 : i32
// TFLITE-NEXT:     %[[Q:.+]] = arith.addi %[[MIN]], %[[ZP]] : i32
// TFLITE-NEXT:     %[[Q8:.+]] = arith.trunci %[[Q]] : i32 to i8
// TFLITE-NEXT:     linalg.yield %[[Q8]] : i8
//
// ONNX-NEXT:       %[[M:.+]] = arith.constant 0.025{{[0-9]*}} : f32
// ONNX-NEXT:       %[[F:.+]] = arith.sitofp %[[SUM]] : i32 to f32
// ONNX-NEXT:       %[[SCALED:.+]] = arith.mulf %[[F]], %[[M]] : f32
// ONNX-NEXT:       %[[LO:.+]] = arith.constant 1.000000e+01 : f32
// ONNX-NEXT:       %[[MAX:.+]] = arith.maxnumf %[[SCALED]], %[[LO]] : f32
// ONNX-NEXT:       %[[HI:.+]] = arith.constant 1.550000e+02 : f32
// ONNX-NEXT:       %[[MIN:.+]] = arith.minnumf %[[MAX]], %[[HI]] : f32
// ONNX-NEXT:       %[[R:.+]] = math.roundeven %[[MIN]] : f32
// ONNX-NEXT:       %[[I:.+]] = arith.fptosi %[[R]] : f32 to i32
// ONNX-NEXT:       %[[ZP:.+]] = arith.constant 100 : i32
// ONNX-NEXT:       %[[Q:.+]] = arith.addi %[[I]], %[[ZP]] : i32
// ONNX-NEXT:       %[[Q8:.+]] = arith.trunci %[[Q]] : i32 to i8
// ONNX-NEXT:       linalg.yield %[[Q8]] : i8
//
// CHECK:         %[[OUT:.+]] = linalg.transpose ins(%[[EPI]] : tensor<1x6x6x2xi8>) outs(%{{.+}} : tensor<1x2x6x6xi8>) permutation = [0, 3, 1, 2]
// CHECK:         return %[[OUT]] : tensor<1x2x6x6xi8>
func.func @conv_quantized_per_tensor(%x: tensor<1x2x4x4x!x>, %b: tensor<2xi32>) -> tensor<1x2x6x6x!y> {
  %c = arith.constant dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %w = quant.scast %c : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  %0 = qfold.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, clamp_min = 110 : i64} : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>, tensor<2xi32>) -> tensor<1x2x6x6x!y>
  return %0 : tensor<1x2x6x6x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:120>
!w = !quant.uniform<i8:f32:0, {0.05, 0.075}>
!y = !quant.uniform<u8:f32, 0.2:100>

// Per-channel weights: the requantization parameters differ per output
// channel and become constant tensors the epilogue reads through the channel
// map. M = [0.025, 0.0375] = [0.8 * 2^-5, 0.6 * 2^-4]: multipliers
// [1717986918, 1288490189], right shifts [5, 4], left shifts 0. With a
// constant bias the correction is folded at compile time: the flipped input
// zero point is 120 - 128 = -8, so bias - (-8) * [-1, 7] = [10 - 8, -20 + 56].
// No clamp attribute: the bounds are the u8 range minus the zero point.
// CHECK-DAG:   #[[$ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$OC:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_quantized_per_channel
// CHECK-SAME:    (%{{.+}}: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8>
// CHECK:         arith.xori
// CHECK:         %[[FILTER:.+]] = arith.constant dense<{{\[\[\[\[}}1, 3], [-2, 4]]]]> : tensor<1x1x2x2xi8>
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf
// CHECK-SAME:      ins(%{{.+}}, %[[FILTER]] : tensor<1x4x4x2xi8>, tensor<1x1x2x2xi8>) outs(%{{.+}} : tensor<1x4x4x2xi32>)
// CHECK-NEXT:    %[[CORR:.+]] = arith.constant dense<[2, 36]> : tensor<2xi32>
//
// Only the constants that differ between the channels (right shifts 5 and
// 4) are per-channel operands: the multipliers, the rounding addends
// 2^30 + 2^(30 + r) and the shifts r - 1 of the high word. The left shift
// (0), the adjustment (2^31) and the doubling (none) are shared constants.
// TFLITE-NEXT:   %[[MULS:.+]] = arith.constant dense<[1717986918, 1288490189]> : tensor<2xi32>
// TFLITE-NEXT:   %[[ADDENDS:.+]] = arith.constant dense<[35433480192, 18253611008]> : tensor<2xi64>
// TFLITE-NEXT:   %[[WSHIFTS:.+]] = arith.constant dense<[4, 3]> : tensor<2xi32>
// TFLITE:        linalg.generic {indexing_maps = [#[[$ID4]], #[[$OC]], #[[$OC]], #[[$OC]], #[[$OC]], #[[$ID4]]]
// TFLITE-SAME:     ins(%[[CONV]], %[[CORR]], %[[MULS]], %[[ADDENDS]], %[[WSHIFTS]] : tensor<1x4x4x2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi64>, tensor<2xi32>)
// TFLITE-NEXT:   ^bb0(%[[ACCV:.+]]: i32, %[[CORRV:.+]]: i32, %[[MULV:.+]]: i32, %[[ADDENDV:.+]]: i64, %[[WSHIFTV:.+]]: i32, %{{.+}}: i8):
// TFLITE-NEXT:     %[[SUM:.+]] = arith.addi %[[ACCV]], %[[CORRV]] : i32
// TFLITE-NEXT:     %[[MUL64:.+]] = arith.extsi %[[MULV]] : i32 to i64
// TFLITE:          %[[WIDE:.+]] = arith.extsi %[[SUM]] : i32 to i64
// TFLITE-NEXT:     %[[PROD:.+]] = arith.muli %[[WIDE]], %[[MUL64]] : i64
// TFLITE-NEXT:     arith.addi %[[PROD]], %[[ADDENDV]] : i64
// TFLITE:          arith.cmpi slt, %[[PROD]]
// TFLITE-NEXT:     arith.subi %{{.+}}, %{{.+}} : i64
// TFLITE-NEXT:     arith.select
// TFLITE-NEXT:     %[[C32:.+]] = arith.constant 32 : i64
// TFLITE-NEXT:     arith.shrui %{{.+}}, %[[C32]] : i64
// TFLITE-NEXT:     arith.trunci %{{.+}} : i64 to i32
// TFLITE-NEXT:     arith.shrsi %{{.+}}, %[[WSHIFTV]] : i32
// TFLITE:          %[[LO:.+]] = arith.constant -100 : i32
// TFLITE-NEXT:     arith.maxsi %{{.+}}, %[[LO]] : i32
// TFLITE-NEXT:     %[[HI:.+]] = arith.constant 155 : i32
// TFLITE-NEXT:     arith.minsi %{{.+}}, %[[HI]] : i32
// TFLITE-NEXT:     %[[ZP:.+]] = arith.constant 100 : i32
// TFLITE-NEXT:     arith.addi %{{.+}}, %[[ZP]] : i32
//
// ONNX-NEXT:     %[[MULS:.+]] = arith.constant dense<[0.025{{[0-9]*}}, 3.750000e-02]> : tensor<2xf32>
// ONNX:          linalg.generic {indexing_maps = [#[[$ID4]], #[[$OC]], #[[$OC]], #[[$ID4]]]
// ONNX-SAME:       ins(%[[CONV]], %[[CORR]], %[[MULS]] : tensor<1x4x4x2xi32>, tensor<2xi32>, tensor<2xf32>)
// ONNX-NEXT:     ^bb0(%[[ACCV:.+]]: i32, %[[CORRV:.+]]: i32, %[[MULV:.+]]: f32, %{{.+}}: i8):
// ONNX-NEXT:       %[[SUM:.+]] = arith.addi %[[ACCV]], %[[CORRV]] : i32
// ONNX-NEXT:       %[[F:.+]] = arith.sitofp %[[SUM]] : i32 to f32
// ONNX-NEXT:       arith.mulf %[[F]], %[[MULV]] : f32
// ONNX-NEXT:       %[[LO:.+]] = arith.constant -1.000000e+02 : f32
// ONNX-NEXT:       arith.maxnumf %{{.+}}, %[[LO]] : f32
// ONNX-NEXT:       %[[HI:.+]] = arith.constant 1.550000e+02 : f32
// ONNX-NEXT:       arith.minnumf %{{.+}}, %[[HI]] : f32
// ONNX-NEXT:       math.roundeven
// ONNX-NEXT:       arith.fptosi
// ONNX-NEXT:       %[[ZP:.+]] = arith.constant 100 : i32
// ONNX-NEXT:       arith.addi %{{.+}}, %[[ZP]] : i32
//
// CHECK:           arith.trunci %{{.+}} : i32 to i8
// CHECK:         linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
func.func @conv_quantized_per_channel(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!y> {
  %c = arith.constant dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %w = quant.scast %c : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  %b = arith.constant dense<[10, -20]> : tensor<2xi32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>, tensor<2xi32>) -> tensor<1x2x4x4x!y>
  return %0 : tensor<1x2x4x4x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.1:-3>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<i8:f32, 0.25:-5>

// An explicit requant_mode attribute wins over the pass option: tflite under
// both RUN lines. The i8 input needs no sign flip and is padded with its zero
// point -3. Run-time weights are widened, re-laid out to HWCF and summed per
// output channel (a reduction) for the correction 0 - (-3) * sum.
// M = 0.1 * 0.5 / 0.25 = 0.2 = 0.8 * 2^-2; no clamp attribute: the i8 range
// relative to the zero point -5 is [-123, 132].
// CHECK-LABEL: func.func @conv_quantized_explicit_tflite
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x2x4x4xi8>, %[[W:[0-9a-zA-Z_]+]]: tensor<2x2x1x1xi8>) -> tensor<1x2x6x6xi8>
// CHECK:         %[[PADV:.+]] = arith.constant -3 : i8
// CHECK-NOT:     arith.xori
// CHECK:         %[[PAD:.+]] = tensor.pad
// CHECK:           tensor.yield %[[PADV]] : i8
// CHECK:         %[[FILTER:.+]] = linalg.generic {{.*}} ins(%[[W]], %{{.+}} : tensor<2x2x1x1xi8>, tensor<2xi32>) outs(%{{.+}} : tensor<1x1x2x2xi16>)
// CHECK:         %[[WSUM:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction", "reduction"]} ins(%[[W]], %{{.+}} : tensor<2x2x1x1xi8>, tensor<2xi32>) outs(%{{.+}} : tensor<2xi32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf
// CHECK-SAME:      ins(%[[PAD]], %[[FILTER]] : tensor<1x6x6x2xi8>, tensor<1x1x2x2xi16>) outs(%{{.+}} : tensor<1x6x6x2xi32>)
// CHECK:         %[[XZP:.+]] = arith.constant -3 : i32
// CHECK:         %[[CORR:.+]] = linalg.generic {{.*}} ins(%[[WSUM]] : tensor<2xi32>) outs(%{{.+}} : tensor<2xi32>)
// CHECK:           arith.muli %[[XZP]], %{{.+}} : i32
// CHECK:         linalg.generic {{.*}} ins(%[[CONV]], %[[CORR]] : tensor<1x6x6x2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<1x6x6x2xi8>)
// CHECK-NOT:       arith.sitofp
// CHECK:           arith.constant 1717986918 : i64
// CHECK:           arith.constant 5368709120 : i64
// CHECK:           %[[C1:.+]] = arith.constant 1 : i32
// CHECK:           arith.extsi %{{.+}} : i32 to i64
// CHECK:           arith.shrui %{{.+}}, %{{.+}} : i64
// CHECK-NEXT:      arith.trunci %{{.+}} : i64 to i32
// CHECK-NEXT:      arith.shrsi %{{.+}}, %[[C1]] : i32
// CHECK:           %[[LO:.+]] = arith.constant -123 : i32
// CHECK-NEXT:      arith.maxsi %{{.+}}, %[[LO]] : i32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 132 : i32
// CHECK-NEXT:      arith.minsi %{{.+}}, %[[HI]] : i32
// CHECK-NEXT:      %[[ZP:.+]] = arith.constant -5 : i32
// CHECK-NEXT:      arith.addi %{{.+}}, %[[ZP]] : i32
// CHECK-NEXT:      arith.trunci %{{.+}} : i32 to i8
// CHECK-NOT:       math.roundeven
// CHECK:         linalg.transpose
func.func @conv_quantized_explicit_tflite(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x6x6x!y> {
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, requant_mode = #qfold.requant_mode<tflite>} : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x6x6x!y>
  return %0 : tensor<1x2x6x6x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.1:-3>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<i8:f32, 0.25:-5>

// An explicit onnx requant_mode: f32 requantization under both RUN lines,
// with multiplier 0.2 and clamp_max 20 relative to the zero point -5: 25.
// CHECK-LABEL: func.func @conv_quantized_explicit_onnx
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf
// CHECK:         linalg.generic {{.*}} ins(%[[CONV]], %{{.+}} : tensor<1x4x4x2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<1x4x4x2xi8>)
// CHECK-NEXT:    ^bb0(%[[ACCV:.+]]: i32, %[[CORRV:.+]]: i32, %{{.+}}: i8):
// CHECK-NEXT:      %[[SUM:.+]] = arith.addi %[[ACCV]], %[[CORRV]] : i32
// CHECK-NEXT:      %[[M:.+]] = arith.constant 2.000000e-01 : f32
// CHECK-NEXT:      %[[F:.+]] = arith.sitofp %[[SUM]] : i32 to f32
// CHECK-NEXT:      %[[SCALED:.+]] = arith.mulf %[[F]], %[[M]] : f32
// CHECK-NEXT:      %[[LO:.+]] = arith.constant -1.230000e+02 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maxnumf %[[SCALED]], %[[LO]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 2.500000e+01 : f32
// CHECK-NEXT:      %[[MIN:.+]] = arith.minnumf %[[MAX]], %[[HI]] : f32
// CHECK-NEXT:      %[[R:.+]] = math.roundeven %[[MIN]] : f32
// CHECK-NEXT:      %[[I:.+]] = arith.fptosi %[[R]] : f32 to i32
// CHECK-NEXT:      %[[ZP:.+]] = arith.constant -5 : i32
// CHECK-NEXT:      %[[Q:.+]] = arith.addi %[[I]], %[[ZP]] : i32
// CHECK-NEXT:      %[[Q8:.+]] = arith.trunci %[[Q]] : i32 to i8
// CHECK-NEXT:      linalg.yield %[[Q8]] : i8
func.func @conv_quantized_explicit_onnx(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!y> {
  %0 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<onnx>, clamp_max = 20 : i64} : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!y>
  return %0 : tensor<1x2x4x4x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.1:-3>
!w = !quant.uniform<u8:f32:0, {0.5:120, 0.25:130}>

// The integer form (quantized operands, i32 result): no requantization, the
// epilogue adds the correction and clamps to [clamp_min, INT32_MAX] in i32.
// Run-time u8 per-channel weights are zero-extended, re-centred on their
// per-channel zero points [120, 130] and narrowed to i16 (w - w_zp needs 9
// bits). Identical in both modes.
// CHECK-LABEL: func.func @conv_quantized_integer_form
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x2x4x4xi8>, %[[W:[0-9a-zA-Z_]+]]: tensor<2x2x3x3xi8>, %[[B:[0-9a-zA-Z_]+]]: tensor<2xi32>) -> tensor<1x2x2x2xi32>
// CHECK:         %[[NHWC:.+]] = linalg.transpose ins(%[[X]]
// CHECK:         %[[WZP:.+]] = arith.constant dense<[120, 130]> : tensor<2xi32>
// CHECK:         %[[FILTER:.+]] = linalg.generic {{.*}} ins(%[[W]], %[[WZP]] : tensor<2x2x3x3xi8>, tensor<2xi32>) outs(%{{.+}} : tensor<3x3x2x2xi16>)
// CHECK-NEXT:    ^bb0(%[[WV:.+]]: i8, %[[WZPV:.+]]: i32, %{{.+}}: i16):
// CHECK-NEXT:      %[[WE:.+]] = arith.extui %[[WV]] : i8 to i32
// CHECK-NEXT:      %[[WC:.+]] = arith.subi %[[WE]], %[[WZPV]] : i32
// CHECK-NEXT:      %[[WT:.+]] = arith.trunci %[[WC]] : i32 to i16
// CHECK-NEXT:      linalg.yield %[[WT]] : i16
// CHECK:         %[[WSUM:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction", "reduction"]} ins(%[[W]], %[[WZP]] : tensor<2x2x3x3xi8>, tensor<2xi32>) outs(%{{.+}} : tensor<2xi32>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf
// CHECK-SAME:      ins(%[[NHWC]], %[[FILTER]] : tensor<1x4x4x2xi8>, tensor<3x3x2x2xi16>) outs(%{{.+}} : tensor<1x2x2x2xi32>)
// CHECK:         %[[XZP:.+]] = arith.constant -3 : i32
// CHECK:         %[[CORR:.+]] = linalg.generic {{.*}} ins(%[[WSUM]], %[[B]] : tensor<2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<2xi32>)
// CHECK-NEXT:    ^bb0(%[[SUMV:.+]]: i32, %[[BV:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[ZPSUM:.+]] = arith.muli %[[XZP]], %[[SUMV]] : i32
// CHECK-NEXT:      %[[CV:.+]] = arith.subi %[[BV]], %[[ZPSUM]] : i32
// CHECK:         %[[EPI:.+]] = linalg.generic {{.*}} ins(%[[CONV]], %[[CORR]] : tensor<1x2x2x2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<1x2x2x2xi32>)
// CHECK-NEXT:    ^bb0(%[[ACCV:.+]]: i32, %[[CORRV:.+]]: i32, %{{.+}}: i32):
// CHECK-NEXT:      %[[SUM:.+]] = arith.addi %[[ACCV]], %[[CORRV]] : i32
// CHECK-NEXT:      %[[LO:.+]] = arith.constant -100 : i32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maxsi %[[SUM]], %[[LO]] : i32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 2147483647 : i32
// CHECK-NEXT:      %[[MIN:.+]] = arith.minsi %[[MAX]], %[[HI]] : i32
// CHECK-NEXT:      linalg.yield %[[MIN]] : i32
// CHECK:         %[[OUT:.+]] = linalg.transpose ins(%[[EPI]] : tensor<1x2x2x2xi32>) outs(%{{.+}} : tensor<1x2x2x2xi32>) permutation = [0, 3, 1, 2]
// CHECK:         return %[[OUT]] : tensor<1x2x2x2xi32>
func.func @conv_quantized_integer_form(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x3x3x!w>, %b: tensor<2xi32>) -> tensor<1x2x2x2xi32> {
  %0 = qfold.conv2d %x, %w, %b {clamp_min = -100 : i64} : (tensor<1x2x4x4x!x>, tensor<2x2x3x3x!w>, tensor<2xi32>) -> tensor<1x2x2x2xi32>
  return %0 : tensor<1x2x2x2xi32>
}
