// Entry functions take and return NHWC: 4-D arguments are transposed back to
// NCHW at entry and 4-D results to NHWC before the return, which
// canonicalization cancels against the body's own layout transposes.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-nhwc-function-boundary),canonicalize)" | FileCheck %s

// CHECK-LABEL: func.func @conv_boundary
// CHECK-SAME:    (%[[X:.*]]: tensor<1x5x6x3xf32>) -> tensor<1x5x6x3xf32>
// CHECK-NOT:     linalg.transpose
// CHECK:         %[[R:.*]] = linalg.map {{.*}} ins(%[[X]] : tensor<1x5x6x3xf32>)
// CHECK:         return %[[R]]
func.func @conv_boundary(%x: tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32> {
  %e = tensor.empty() : tensor<1x5x6x3xf32>
  %t = linalg.transpose ins(%x : tensor<1x3x5x6xf32>) outs(%e : tensor<1x5x6x3xf32>) permutation = [0, 2, 3, 1]
  %m = linalg.map { math.absf } ins(%t : tensor<1x5x6x3xf32>) outs(%e : tensor<1x5x6x3xf32>)
  %e2 = tensor.empty() : tensor<1x3x5x6xf32>
  %b = linalg.transpose ins(%m : tensor<1x5x6x3xf32>) outs(%e2 : tensor<1x3x5x6xf32>) permutation = [0, 3, 1, 2]
  return %b : tensor<1x3x5x6xf32>
}

// -----

// A body that computes in NCHW keeps its transposes (now at the boundary);
// tensors of another rank are untouched.
// CHECK-LABEL: func.func @nchw_body
// CHECK-SAME:    (%[[X:.*]]: tensor<1x5x6x3xf32>, %[[V:.*]]: tensor<3xf32>) -> (tensor<1x5x6x3xf32>, tensor<3xf32>)
// CHECK:         linalg.transpose ins(%[[X]] : tensor<1x5x6x3xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK:         linalg.transpose {{.*}} permutation = [0, 2, 3, 1]
// CHECK:         return {{.*}}, %[[V]]
func.func @nchw_body(%x: tensor<1x3x5x6xf32>, %v: tensor<3xf32>) -> (tensor<1x3x5x6xf32>, tensor<3xf32>) {
  %e = tensor.empty() : tensor<1x3x5x6xf32>
  %m = linalg.map { math.absf } ins(%x : tensor<1x3x5x6xf32>) outs(%e : tensor<1x3x5x6xf32>)
  return %m, %v : tensor<1x3x5x6xf32>, tensor<3xf32>
}

// -----

// Private functions keep their signatures; a public function called from
// the module cannot change its ABI and is refused (see
// nhwc-function-boundary-errors.mlir).
// CHECK-LABEL: func.func private @helper
// CHECK-SAME:    (%{{.*}}: tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32>
// CHECK-LABEL: func.func @caller
// CHECK-SAME:    (%{{.*}}: tensor<1x5x6x3xf32>) -> tensor<1x5x6x3xf32>
func.func private @helper(%x: tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32> {
  return %x : tensor<1x3x5x6xf32>
}
func.func @caller(%x: tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32> {
  %a = func.call @helper(%x) : (tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32>
  return %a : tensor<1x3x5x6xf32>
}
