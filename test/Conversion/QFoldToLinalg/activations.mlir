// qfold.relu and qfold.clamp lowering: one elementwise linalg.generic.
// Float: maximumf/minimumf. Quantized with the same type: an integer clamp on
// the storage, with the bounds quantized (relu's lower bound is the zero
// point, not 0) and unsigned storage compared with maxui/minui. Quantized
// into another type: a requantization, the Q31 fixed-point multiply in tflite
// mode (the default), dequantize then quantize in f32 in onnx mode.
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg | FileCheck %s --check-prefixes=CHECK,TFLITE
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg="requant-mode=onnx" | FileCheck %s --check-prefixes=CHECK,ONNX

// Float relu: max(x, 0) with maximumf.
// CHECK-LABEL: func.func @relu_float
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK:         %[[R:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<2x3xf32>) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maximumf %[[V]], %[[ZERO]] : f32
// CHECK-NEXT:      linalg.yield %[[MAX]] : f32
// CHECK:         return %[[R]] : tensor<2x3xf32>
func.func @relu_float(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qfold.relu %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Float clamp to [0, 6] on a dynamic shape: maximumf then minimumf, the
// output sized with tensor.dim.
// CHECK-LABEL: func.func @clamp_float
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x3xf32>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : tensor<?x3xf32>) outs(%[[INIT]] : tensor<?x3xf32>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[LO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maximumf %[[V]], %[[LO]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 6.000000e+00 : f32
// CHECK-NEXT:      %[[MIN:.+]] = arith.minimumf %[[MAX]], %[[HI]] : f32
// CHECK-NEXT:      linalg.yield %[[MIN]] : f32
func.func @clamp_float(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = qfold.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// A float clamp with only a lower bound: no minimumf.
// CHECK-LABEL: func.func @clamp_float_min_only
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[V:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[LO:.+]] = arith.constant -1.000000e+00 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maximumf %[[V]], %[[LO]] : f32
// CHECK-NEXT:      linalg.yield %[[MAX]] : f32
// CHECK-NOT:     arith.minimumf
func.func @clamp_float_min_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qfold.clamp %x {min = -1.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 0.1:128>

// u8 relu with zero point 128: the storage becomes signless i8 and is clamped
// unsigned to [128, 255] (printed as i8: -128 and -1) with maxui/minui.
// CHECK-LABEL: func.func @relu_quantized_u8
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK:         %[[R:.+]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xi8>) outs(%{{.+}} : tensor<4xi8>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: i8):
// CHECK-NEXT:      %[[LO:.+]] = arith.constant -128 : i8
// CHECK-NEXT:      %[[HI:.+]] = arith.constant -1 : i8
// CHECK-NEXT:      %[[MAX:.+]] = arith.maxui %[[V]], %[[LO]] : i8
// CHECK-NEXT:      %[[MIN:.+]] = arith.minui %[[MAX]], %[[HI]] : i8
// CHECK-NEXT:      linalg.yield %[[MIN]] : i8
// CHECK:         return %[[R]] : tensor<4xi8>
func.func @relu_quantized_u8(%x: tensor<4x!u8>) -> tensor<4x!u8> {
  %0 = qfold.relu %x : tensor<4x!u8>
  return %0 : tensor<4x!u8>
}

// -----

!i8 = !quant.uniform<i8:f32, 0.1:-5>

// i8 relu with zero point -5: a signed clamp to [-5, 127] with maxsi/minsi.
// CHECK-LABEL: func.func @relu_quantized_i8
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : tensor<4xi8>) outs(%{{.+}} : tensor<4xi8>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: i8):
// CHECK-NEXT:      %[[LO:.+]] = arith.constant -5 : i8
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 127 : i8
// CHECK-NEXT:      %[[MAX:.+]] = arith.maxsi %[[V]], %[[LO]] : i8
// CHECK-NEXT:      %[[MIN:.+]] = arith.minsi %[[MAX]], %[[HI]] : i8
// CHECK-NEXT:      linalg.yield %[[MIN]] : i8
func.func @relu_quantized_i8(%x: tensor<4x!i8>) -> tensor<4x!i8> {
  %0 = qfold.relu %x : tensor<4x!i8>
  return %0 : tensor<4x!i8>
}

// -----

!u8 = !quant.uniform<u8:f32, 0.05:10>

// A u8 clamp to [0.0, 6.0] with scale 0.05 and zero point 10: the bounds
// quantize to [10, 10 + 120 = 130] (130 printed as i8: -126).
// CHECK-LABEL: func.func @clamp_quantized_u8
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: i8):
// CHECK-NEXT:      %[[LO:.+]] = arith.constant 10 : i8
// CHECK-NEXT:      %[[HI:.+]] = arith.constant -126 : i8
// CHECK-NEXT:      %[[MAX:.+]] = arith.maxui %[[V]], %[[LO]] : i8
// CHECK-NEXT:      %[[MIN:.+]] = arith.minui %[[MAX]], %[[HI]] : i8
// CHECK-NEXT:      linalg.yield %[[MIN]] : i8
func.func @clamp_quantized_u8(%x: tensor<4x!u8>) -> tensor<4x!u8> {
  %0 = qfold.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<4x!u8>
  return %0 : tensor<4x!u8>
}

// -----

!in = !quant.uniform<u8:f32, 0.07:131>
!out = !quant.uniform<i8:f32, 0.03:-20>

// A relu that requantizes u8 0.07:131 into i8 0.03:-20; no requant_mode
// attribute, so the pass option decides. Both modes first re-centre the
// input: zext to i32, minus 131.
// tflite: M = 0.07 / 0.03 = 2.333 = 0.5833 * 2^2 > 1, so a left shift of 2,
// saturated to the int32 range, precedes the Q31 multiply by
// round(0.5833 * 2^31) = 1252698795 and there is no right shift. The relu
// bound is the output zero point: [-20, 127] relative to -20 is [0, 147].
// onnx: dequantize ((q - 131) * 0.07), quantize (/ 0.03, round half to even,
// + -20) and clamp in f32 to [-20, 127].
// CHECK-LABEL: func.func @relu_requantize
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : tensor<4xi8>) outs(%{{.+}} : tensor<4xi8>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: i8):
//
// TFLITE-NEXT:     %[[EXT:.+]] = arith.extui %[[V]] : i8 to i32
// TFLITE-NEXT:     %[[IZP:.+]] = arith.constant 131 : i32
// TFLITE-NEXT:     %[[C:.+]] = arith.subi %[[EXT]], %[[IZP]] : i32
// TFLITE-NEXT:     %[[MUL:.+]] = arith.constant 1252698795 : i64
// TFLITE-NEXT:     %[[LSH:.+]] = arith.constant 2 : i32
// TFLITE-NEXT:     %[[NUDGE:.+]] = arith.constant 1073741824 : i64
// TFLITE-NEXT:     %[[NOADJUST:.+]] = arith.constant 0 : i64
// TFLITE-NEXT:     %[[ONE:.+]] = arith.constant 1 : i64
// TFLITE-NEXT:     %[[NOSHIFT:.+]] = arith.constant 0 : i32
// TFLITE-NEXT:     %[[SHL:.+]] = arith.shli %[[C]], %[[LSH]] : i32
// TFLITE-NEXT:     %[[IMAX:.+]] = arith.constant 2147483647 : i32
// TFLITE-NEXT:     %[[UPPER:.+]] = arith.shrsi %[[IMAX]], %[[LSH]] : i32
// TFLITE-NEXT:     %[[ABOVE:.+]] = arith.cmpi sgt, %[[C]], %[[UPPER]] : i32
// TFLITE-NEXT:     %[[IMAX2:.+]] = arith.constant 2147483647 : i32
// TFLITE-NEXT:     %[[SAT1:.+]] = arith.select %[[ABOVE]], %[[IMAX2]], %[[SHL]] : i32
// TFLITE-NEXT:     %[[IMIN:.+]] = arith.constant -2147483648 : i32
// TFLITE-NEXT:     %[[LOWER:.+]] = arith.shrsi %[[IMIN]], %[[LSH]] : i32
// TFLITE-NEXT:     %[[BELOW:.+]] = arith.cmpi slt, %[[C]], %[[LOWER]] : i32
// TFLITE-NEXT:     %[[IMIN2:.+]] = arith.constant -2147483648 : i32
// TFLITE-NEXT:     %[[SAT2:.+]] = arith.select %[[BELOW]], %[[IMIN2]], %[[SAT1]] : i32
// No right shift: the high multiply alone, (p + 2^30) >> 31, as the high
// word of 2 * (p + 2^30).
// TFLITE-NEXT:     %[[WIDE:.+]] = arith.extsi %[[SAT2]] : i32 to i64
// TFLITE-NEXT:     %[[PROD:.+]] = arith.muli %[[WIDE]], %[[MUL]] : i64
// TFLITE-NEXT:     %[[NUDGED:.+]] = arith.addi %[[PROD]], %[[NUDGE]] : i64
// TFLITE-NEXT:     %[[DOUBLED:.+]] = arith.shli %[[NUDGED]], %[[ONE]] : i64
// TFLITE-NEXT:     %[[C32:.+]] = arith.constant 32 : i64
// TFLITE-NEXT:     %[[HIGH64:.+]] = arith.shrui %[[DOUBLED]], %[[C32]] : i64
// TFLITE-NEXT:     %[[HIGH:.+]] = arith.trunci %[[HIGH64]] : i64 to i32
// TFLITE:          %[[LO:.+]] = arith.constant 0 : i32
// TFLITE-NEXT:     %[[MAX:.+]] = arith.maxsi %{{.+}}, %[[LO]] : i32
// TFLITE-NEXT:     %[[HI:.+]] = arith.constant 147 : i32
// TFLITE-NEXT:     %[[MIN:.+]] = arith.minsi %[[MAX]], %[[HI]] : i32
// TFLITE-NEXT:     %[[OZP:.+]] = arith.constant -20 : i32
// TFLITE-NEXT:     %[[Q:.+]] = arith.addi %[[MIN]], %[[OZP]] : i32
// TFLITE-NEXT:     %[[Q8:.+]] = arith.trunci %[[Q]] : i32 to i8
// TFLITE-NEXT:     linalg.yield %[[Q8]] : i8
//
// ONNX-NEXT:       %[[IZP:.+]] = arith.constant 131 : i32
// ONNX-NEXT:       %[[ISCALE:.+]] = arith.constant 7.000000e-02 : f32
// ONNX-NEXT:       %[[EXT:.+]] = arith.extui %[[V]] : i8 to i32
// ONNX-NEXT:       %[[C:.+]] = arith.subi %[[EXT]], %[[IZP]] : i32
// ONNX-NEXT:       %[[F:.+]] = arith.sitofp %[[C]] : i32 to f32
// ONNX-NEXT:       %[[REAL:.+]] = arith.mulf %[[F]], %[[ISCALE]] : f32
// ONNX-NEXT:       %[[OSCALE:.+]] = arith.constant 3.000000e-02 : f32
// ONNX-NEXT:       %[[OZP:.+]] = arith.constant -20 : i32
// ONNX-NEXT:       %[[DIV:.+]] = arith.divf %[[REAL]], %[[OSCALE]] : f32
// ONNX-NEXT:       %[[RND:.+]] = math.roundeven %[[DIV]] : f32
// ONNX-NEXT:       %[[OZPF:.+]] = arith.sitofp %[[OZP]] : i32 to f32
// ONNX-NEXT:       %[[SHIFTED:.+]] = arith.addf %[[RND]], %[[OZPF]] : f32
// ONNX-NEXT:       %[[LO:.+]] = arith.constant -2.000000e+01 : f32
// ONNX-NEXT:       %[[MAX:.+]] = arith.maxnumf %[[SHIFTED]], %[[LO]] : f32
// ONNX-NEXT:       %[[HI:.+]] = arith.constant 1.270000e+02 : f32
// ONNX-NEXT:       %[[MIN:.+]] = arith.minnumf %[[MAX]], %[[HI]] : f32
// ONNX-NEXT:       %[[I:.+]] = arith.fptosi %[[MIN]] : f32 to i32
// ONNX-NEXT:       %[[Q8:.+]] = arith.trunci %[[I]] : i32 to i8
// ONNX-NEXT:       linalg.yield %[[Q8]] : i8
func.func @relu_requantize(%x: tensor<4x!in>) -> tensor<4x!out> {
  %0 = qfold.relu %x : tensor<4x!in> -> tensor<4x!out>
  return %0 : tensor<4x!out>
}

// -----

!in = !quant.uniform<u8:f32, 0.05>
!out = !quant.uniform<i8:f32, 0.25:-5>

// A requantizing clamp with an explicit onnx requant_mode, which wins over
// the pass option: f32 arithmetic under both RUN lines. max = 6.0 quantizes
// to -5 + 6.0 / 0.25 = 19; there is no min, so the lower bound is -128.
// CHECK-LABEL: func.func @clamp_requantize_explicit_onnx
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: i8):
// CHECK:           %[[ISCALE:.+]] = arith.constant 5.000000e-02 : f32
// CHECK-NEXT:      arith.extui %[[V]] : i8 to i32
// CHECK-NEXT:      arith.subi
// CHECK-NEXT:      arith.sitofp %{{.+}} : i32 to f32
// CHECK-NEXT:      arith.mulf %{{.+}}, %[[ISCALE]] : f32
// CHECK:           %[[OSCALE:.+]] = arith.constant 2.500000e-01 : f32
// CHECK:           arith.divf %{{.+}}, %[[OSCALE]] : f32
// CHECK-NEXT:      math.roundeven
// CHECK:           %[[LO:.+]] = arith.constant -1.280000e+02 : f32
// CHECK-NEXT:      arith.maxnumf %{{.+}}, %[[LO]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 1.900000e+01 : f32
// CHECK-NEXT:      arith.minnumf %{{.+}}, %[[HI]] : f32
// CHECK-NEXT:      arith.fptosi
// CHECK-NEXT:      arith.trunci %{{.+}} : i32 to i8
func.func @clamp_requantize_explicit_onnx(%x: tensor<4x!in>) -> tensor<4x!out> {
  %0 = qfold.clamp %x {max = 6.0 : f32, requant_mode = #qfold.requant_mode<onnx>} : tensor<4x!in> -> tensor<4x!out>
  return %0 : tensor<4x!out>
}

// -----

!in = !quant.uniform<u8:f32, 0.05>
!out = !quant.uniform<i8:f32, 0.25:-5>

// The same clamp with an explicit tflite requant_mode: fixed point under both
// RUN lines. M = 0.05 / 0.25 = 0.2 = 0.8 * 2^-2: multiplier 1717986918,
// right shift 2, no left shift; bounds [-128, 19] relative to -5: [-123, 24].
// CHECK-LABEL: func.func @clamp_requantize_explicit_tflite
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: i8):
// CHECK-NOT:       arith.sitofp
// CHECK:           arith.constant 1717986918 : i64
// CHECK-NOT:       arith.shli %{{.+}}, %{{.+}} : i32
// CHECK:           arith.constant 5368709120 : i64
// CHECK:           arith.extsi %{{.+}} : i32 to i64
// CHECK:           %[[LO:.+]] = arith.constant -123 : i32
// CHECK-NEXT:      arith.maxsi %{{.+}}, %[[LO]] : i32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 24 : i32
// CHECK-NEXT:      arith.minsi %{{.+}}, %[[HI]] : i32
// CHECK-NEXT:      %[[OZP:.+]] = arith.constant -5 : i32
// CHECK-NEXT:      arith.addi %{{.+}}, %[[OZP]] : i32
// CHECK-NEXT:      arith.trunci %{{.+}} : i32 to i8
// CHECK-NOT:       math.roundeven
func.func @clamp_requantize_explicit_tflite(%x: tensor<4x!in>) -> tensor<4x!out> {
  %0 = qfold.clamp %x {max = 6.0 : f32, requant_mode = #qfold.requant_mode<tflite>} : tensor<4x!in> -> tensor<4x!out>
  return %0 : tensor<4x!out>
}
