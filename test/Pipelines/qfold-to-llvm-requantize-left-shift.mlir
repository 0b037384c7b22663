// Requantizations whose multiplier is >= 1 (the accumulator is shifted left
// and saturated before the high multiply) lower through the vectorized
// pipeline in both modes: a per-tensor conv (multiplier 5) and a rank-2
// requantizing relu (in_scale / out_scale = 2.33). Before the fix the
// high-multiply pattern failed to converge and qfold-to-llvm exited 1
// without a diagnostic. Executed against the reference in
// test/Integration/quantized-{conv,activations}.test.
// RUN: qfold-opt %s -split-input-file --qfold-to-llvm | FileCheck %s
// RUN: qfold-opt %s -split-input-file --qfold-to-llvm="requant-mode=onnx" | FileCheck %s

// CHECK-LABEL: llvm.func @conv_multiplier_five(
!x = !quant.uniform<u8:f32, 0.5>
!w = !quant.uniform<i8:f32, 1.0>
!t = !quant.uniform<u8:f32, 0.1>
func.func @conv_multiplier_five(%x: tensor<1x1x4x4x!x>) -> tensor<1x1x4x4x!t> {
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!w>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4x!x>, tensor<1x1x1x1x!w>) -> tensor<1x1x4x4x!t>
  return %0 : tensor<1x1x4x4x!t>
}

// -----

// CHECK-LABEL: llvm.func @relu_rank2_requantize(
!in = !quant.uniform<u8:f32, 0.07:131>
!out = !quant.uniform<i8:f32, 0.03:-20>
func.func @relu_rank2_requantize(%x: tensor<4x4x!in>) -> tensor<4x4x!out> {
  %0 = qfold.relu %x : tensor<4x4x!in> -> tensor<4x4x!out>
  return %0 : tensor<4x4x!out>
}
