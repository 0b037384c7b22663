// tflite requantization in two rounding steps (tflite-rounding=two-steps,
// what qfold-to-llvm picks for targets without AVX-512): gemmlowp's high
// multiply floor((p + 2^30) / 2^31), taken as the high word of 2(p + 2^30)
// with no adjustment of negative products, then RoundingDivideByPOT on i32
// (remainder against half the divisor, one more for a negative value).
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg="tflite-rounding=two-steps" | FileCheck %s
// qfold-to-llvm chooses by target: two steps for Zen 3 (AVX2), one for Zen 5.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(qfold-to-llvm{target-cpu=znver3})" --mlir-print-ir-after=convert-qfold-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=AVX2
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(qfold-to-llvm{target-cpu=znver5})" --mlir-print-ir-after=convert-qfold-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=AVX512

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.05>
!y = !quant.uniform<u8:f32, 0.2:100>

// M = 0.025 = 0.8 * 2^-5: multiplier 1717986918, right shift 5 (mask 31).
// CHECK-LABEL: func.func @two_steps_per_tensor
// CHECK:         ^bb0(%[[ACCV:.+]]: i32, %[[CORRV:.+]]: i32, %{{.+}}: i8):
// CHECK-NEXT:      %[[SUM:.+]] = arith.addi %[[ACCV]], %[[CORRV]] : i32
// CHECK-DAG:       %[[MUL:.+]] = arith.constant 1717986918 : i64
// CHECK-DAG:       %[[NUDGE:.+]] = arith.constant 1073741824 : i64
// CHECK-DAG:       %[[ONE64:.+]] = arith.constant 1 : i64
// CHECK-DAG:       %[[SHIFT:.+]] = arith.constant 5 : i32
// CHECK-DAG:       %[[MASK:.+]] = arith.constant 31 : i32
// CHECK:           %[[WIDE:.+]] = arith.extsi %[[SUM]] : i32 to i64
// CHECK-NEXT:      %[[PROD:.+]] = arith.muli %[[WIDE]], %[[MUL]] : i64
// CHECK-NEXT:      %[[NUDGED:.+]] = arith.addi %[[PROD]], %[[NUDGE]] : i64
// CHECK-NEXT:      %[[TWICE:.+]] = arith.shli %[[NUDGED]], %[[ONE64]] : i64
// CHECK-NEXT:      %[[C32:.+]] = arith.constant 32 : i64
// CHECK-NEXT:      %[[HIGH64:.+]] = arith.shrui %[[TWICE]], %[[C32]] : i64
// CHECK-NEXT:      %[[HIGH:.+]] = arith.trunci %[[HIGH64]] : i64 to i32
// CHECK-NEXT:      %[[REM:.+]] = arith.andi %[[HIGH]], %[[MASK]] : i32
// CHECK-NEXT:      %[[Z:.+]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[NEG:.+]] = arith.cmpi slt, %[[HIGH]], %[[Z]] : i32
// CHECK-NEXT:      %[[C1:.+]] = arith.constant 1 : i32
// CHECK-NEXT:      %[[HALF:.+]] = arith.shrsi %[[MASK]], %[[C1]] : i32
// CHECK-NEXT:      %[[NEG32:.+]] = arith.extui %[[NEG]] : i1 to i32
// CHECK-NEXT:      %[[THRESHOLD:.+]] = arith.addi %[[HALF]], %[[NEG32]] : i32
// CHECK-NEXT:      %[[UP:.+]] = arith.cmpi sgt, %[[REM]], %[[THRESHOLD]] : i32
// CHECK-NEXT:      %[[QUOTIENT:.+]] = arith.shrsi %[[HIGH]], %[[SHIFT]] : i32
// CHECK-NEXT:      %[[UP32:.+]] = arith.extui %[[UP]] : i1 to i32
// CHECK-NEXT:      %[[SCALED:.+]] = arith.addi %[[QUOTIENT]], %[[UP32]] : i32
// CHECK-NEXT:      %[[LO:.+]] = arith.constant -100 : i32
// CHECK-NEXT:      arith.maxsi %[[SCALED]], %[[LO]] : i32
// CHECK-NOT:       arith.select
// CHECK:           linalg.yield
// AVX2-LABEL:    func.func @two_steps_per_tensor
// AVX2:            arith.cmpi sgt
// AVX2-NOT:        arith.select
// AVX2:            linalg.yield
// AVX512-LABEL:  func.func @two_steps_per_tensor
// AVX512-NOT:      arith.cmpi sgt
// AVX512:          arith.select
// AVX512:          linalg.yield
func.func @two_steps_per_tensor(%x: tensor<1x2x4x4x!x>, %b: tensor<2xi32>) -> tensor<1x2x4x4x!y> {
  %c = arith.constant dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %w = quant.scast %c : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>, tensor<2xi32>) -> tensor<1x2x4x4x!y>
  return %0 : tensor<1x2x4x4x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:120>
!w = !quant.uniform<i8:f32:0, {0.05, 0.075}>
!y = !quant.uniform<u8:f32, 0.2:100>

// Per channel, M = [0.8 * 2^-5, 0.6 * 2^-4]: the multipliers, right shifts
// and masks are per-channel operands; the high multiply's nudge (2^30) and
// doubling are shared constants, with no 64-bit per-channel tensor.
// CHECK-LABEL: func.func @two_steps_per_channel
// CHECK:         %[[MULS:.+]] = arith.constant dense<[1717986918, 1288490189]> : tensor<2xi32>
// CHECK-NEXT:    %[[SHIFTS:.+]] = arith.constant dense<[5, 4]> : tensor<2xi32>
// CHECK-NEXT:    %[[MASKS:.+]] = arith.constant dense<[31, 15]> : tensor<2xi32>
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%{{.+}}, %{{.+}}, %[[MULS]], %[[SHIFTS]], %[[MASKS]] : tensor<1x4x4x2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>)
// CHECK-NEXT:    ^bb0(%{{.+}}: i32, %{{.+}}: i32, %[[MULV:.+]]: i32, %[[SHIFTV:.+]]: i32, %[[MASKV:.+]]: i32, %{{.+}}: i8):
// CHECK:           %[[HIGH:.+]] = arith.trunci %{{.+}} : i64 to i32
// CHECK-NEXT:      arith.andi %[[HIGH]], %[[MASKV]] : i32
// CHECK:           arith.shrsi %[[HIGH]], %[[SHIFTV]] : i32
func.func @two_steps_per_channel(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!y> {
  %c = arith.constant dense<[[[[1]], [[-2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %w = quant.scast %c : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  %b = arith.constant dense<[10, -20]> : tensor<2xi32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>, tensor<2xi32>) -> tensor<1x2x4x4x!y>
  return %0 : tensor<1x2x4x4x!y>
}
