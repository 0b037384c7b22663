// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-copy-repeated-results))" | FileCheck %s

// The second use of a returned tensor gets its own copy.
// CHECK-LABEL: func.func @twice
// CHECK:         %[[R:.*]] = qfold.relu
// CHECK:         %[[D:.*]] = tensor.dim %[[R]]
// CHECK:         %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x2xf32>
// CHECK:         %[[C:.*]] = linalg.copy ins(%[[R]] : tensor<?x2xf32>) outs(%[[E]] : tensor<?x2xf32>)
// CHECK:         return %[[R]], %[[C]], %arg1
func.func @twice(%x: tensor<?x2xf32>, %y: tensor<3xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<3xf32>) {
  %0 = qfold.relu %x : tensor<?x2xf32>
  return %0, %0, %y : tensor<?x2xf32>, tensor<?x2xf32>, tensor<3xf32>
}

// -----

// Distinct results are left alone.
// CHECK-LABEL: func.func @distinct
// CHECK-NOT:     linalg.copy
func.func @distinct(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = qfold.relu %x : tensor<2xf32>
  return %0, %x : tensor<2xf32>, tensor<2xf32>
}
