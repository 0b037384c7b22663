// Top-level loop nests move into private noinline functions, with the
// constants they use cloned in; functions with fewer nests than min-loops
// are left alone.
// RUN: qfold-opt %s -split-input-file --qfold-outline-loop-nests="min-loops=2" | FileCheck %s
// RUN: qfold-opt %s -split-input-file --qfold-outline-loop-nests | FileCheck %s --check-prefix=FEW

// CHECK:       func.func private @two_nests_nest0(%{{.*}}: tensor<4xf32>) -> tensor<4xf32> attributes {passthrough = ["noinline"]}
// CHECK-DAG:     arith.constant dense<2.000000e+00> : tensor<4xf32>
// CHECK-DAG:     tensor.empty() : tensor<4xf32>
// CHECK:         scf.for
// CHECK:       func.func private @two_nests_nest1(%{{.*}}: tensor<4xf32>) -> tensor<4xf32> attributes {passthrough = ["noinline"]}
// CHECK-LABEL: func.func @two_nests
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT:     tensor.empty
// CHECK:         %[[A:.*]] = call @two_nests_nest0(%[[X]]) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[B:.*]] = call @two_nests_nest1(%[[A]]) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %[[B]]

// FEW-LABEL: func.func @two_nests
// FEW-NOT:     call
// FEW-COUNT-2: scf.for
func.func @two_nests(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %k = arith.constant dense<2.0> : tensor<4xf32>
  %e = tensor.empty() : tensor<4xf32>
  %a = scf.for %i = %c0 to %c4 step %c1 iter_args(%t = %e) -> (tensor<4xf32>) {
    %v = tensor.extract %x[%i] : tensor<4xf32>
    %w = tensor.extract %k[%i] : tensor<4xf32>
    %p = arith.mulf %v, %w : f32
    %u = tensor.insert %p into %t[%i] : tensor<4xf32>
    scf.yield %u : tensor<4xf32>
  }
  %b = scf.for %i = %c0 to %c4 step %c1 iter_args(%t = %e) -> (tensor<4xf32>) {
    %v = tensor.extract %a[%i] : tensor<4xf32>
    %p = arith.addf %v, %v : f32
    %u = tensor.insert %p into %t[%i] : tensor<4xf32>
    scf.yield %u : tensor<4xf32>
  }
  return %b : tensor<4xf32>
}
