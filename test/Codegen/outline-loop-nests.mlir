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

// -----

// A nest on tensors that computes a slice of a larger tensor (its result
// inserted into it) stays in place: as a call, the slice would be copied in
// and out by bufferization. The nest producing a whole tensor is outlined.
// CHECK:       func.func private @slice_nest_nest0
// CHECK-NOT:   func.func private @slice_nest_nest1
// CHECK-LABEL: func.func @slice_nest
// CHECK:         %[[WHOLE:.*]] = call @slice_nest_nest0
// CHECK:         %[[SLICE:.*]] = tensor.extract_slice %[[WHOLE]][2] [2] [1]
// CHECK:         %[[PART:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[SLICE]]) -> (tensor<2xf32>)
// CHECK:         tensor.insert_slice %[[PART]] into %[[WHOLE]][2] [2] [1]
func.func @slice_nest(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %e = tensor.empty() : tensor<4xf32>
  %a = scf.for %i = %c0 to %c4 step %c1 iter_args(%t = %e) -> (tensor<4xf32>) {
    %v = tensor.extract %x[%i] : tensor<4xf32>
    %u = tensor.insert %v into %t[%i] : tensor<4xf32>
    scf.yield %u : tensor<4xf32>
  }
  %s = tensor.extract_slice %a[2] [2] [1] : tensor<4xf32> to tensor<2xf32>
  %b = scf.for %i = %c0 to %c2 step %c1 iter_args(%t = %s) -> (tensor<2xf32>) {
    %v = tensor.extract %t[%i] : tensor<2xf32>
    %p = arith.addf %v, %v : f32
    %u = tensor.insert %p into %t[%i] : tensor<2xf32>
    scf.yield %u : tensor<2xf32>
  }
  %r = tensor.insert_slice %b into %a[2] [2] [1] : tensor<2xf32> into tensor<4xf32>
  return %r : tensor<4xf32>
}
