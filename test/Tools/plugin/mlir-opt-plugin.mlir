// qfold's dialect and passes in the stock mlir-opt through the plugin, down
// to running code: the same program and output as Integration/mlir-runner.mlir.
// An instrumented plugin cannot be loaded into Debian's uninstrumented mlir-opt
// (the sanitizer runtimes must come first in the process).
// UNSUPPORTED: sanitizers
// RUN: mlir-opt %s --load-dialect-plugin=%qfold_lib_dir/QFoldPlugin%shlibext \
// RUN:   --load-pass-plugin=%qfold_lib_dir/QFoldPlugin%shlibext \
// RUN:   --pass-pipeline="builtin.module(qfold-fold)" | FileCheck %s --check-prefix=FOLD
// RUN: mlir-opt %s --load-dialect-plugin=%qfold_lib_dir/QFoldPlugin%shlibext \
// RUN:   --load-pass-plugin=%qfold_lib_dir/QFoldPlugin%shlibext \
// RUN:   --pass-pipeline="builtin.module(qfold-to-llvm{requant-mode=onnx})" \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:   -shared-libs=%mlir_lib_dir/libmlir_runner_utils%shlibext,%mlir_lib_dir/libmlir_c_runner_utils%shlibext \
// RUN: | FileCheck %s

// FOLD-LABEL: func.func @conv
// FOLD: qfold.conv2d {{.*}}clamp_min = 0.000000e+00 : f32
// FOLD-NOT: qfold.relu

func.func @conv(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0, 0.0], [0.0, 1.0]]], [[[1.0, 1.0], [1.0, 1.0]]]]> : tensor<2x1x2x2xf32>
  %b = arith.constant dense<[0.5, -15.0]> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.relu %0 : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %0 = call @conv(%x) : (tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  %u = tensor.cast %0 : tensor<1x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [1, 2, 2, 2]
// CHECK-NEXT: [6.5, 8.5],
// CHECK-NEXT: [12.5, 14.5]],
// CHECK-NEXT: [0, 1],
// CHECK-NEXT: [9, 13]]]]
