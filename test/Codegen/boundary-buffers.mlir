// The buffers of a padded NCHW conv through qfold-to-llvm: the transposed
// input is written straight into the padded buffer's interior and the
// NCHW result straight into the out-param, so the only allocations are the
// padded NHWC input and the NHWC result, and nothing is copied.
// RUN: qfold-opt %s --qfold-to-llvm --mlir-print-ir-after=qfold-hoist-vector-transfers -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: func.func @conv
// CHECK-SAME:    (%{{.*}}: memref<1x16x9x9xf32>, %{{.*}}: memref<1x16x9x9xf32>)
// CHECK-COUNT-2: memref.alloc()
// CHECK-NOT:     memref.alloc()
// CHECK-NOT:     memref.copy
// CHECK-NOT:     linalg.copy
// CHECK:         return
func.func @conv(%x: tensor<1x16x9x9xf32>) -> tensor<1x16x9x9xf32> {
  %w = arith.constant dense<0.5> : tensor<16x16x3x3xf32>
  %0 = qfold.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>, clamp_min = 0.0 : f32} : (tensor<1x16x9x9xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x9x9xf32>
  return %0 : tensor<1x16x9x9xf32>
}
