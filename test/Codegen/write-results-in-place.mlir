// Results computed into an allocation by loops that pass it through their
// iter_args, then copied into an out-param, are computed in the out-param.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-write-results-in-place))" | FileCheck %s

// CHECK-LABEL: func.func @loop_result
// CHECK-SAME:    (%[[IN:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>)
// CHECK-NOT:     memref.alloc
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %[[OUT]])
// CHECK:           scf.for {{.*}} -> (memref<4xf32>)
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @loop_result(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  %r = scf.for %i = %c0 to %c4 step %c2 iter_args(%b = %a) -> (memref<4xf32>) {
    %s = scf.for %j = %c0 to %c2 step %c1 iter_args(%bb = %b) -> (memref<4xf32>) {
      %k = arith.addi %i, %j : index
      %v = memref.load %in[%k] : memref<4xf32>
      memref.store %v, %bb[%k] : memref<4xf32>
      scf.yield %bb : memref<4xf32>
    }
    scf.yield %s : memref<4xf32>
  }
  memref.copy %r, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// The loop yields another buffer than its iter_arg: left alone.
// CHECK-LABEL: func.func @other_buffer
// CHECK:         memref.alloc
// CHECK:         memref.copy
func.func @other_buffer(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%b = %a) -> (memref<4xf32>) {
    scf.yield %in : memref<4xf32>
  }
  memref.copy %r, %out : memref<4xf32> to memref<4xf32>
  return
}

// -----

// The allocation is read after the copy, or the out-param is used elsewhere,
// or the copy is not the last thing before the return: left alone.
// CHECK-LABEL: func.func @not_last
// CHECK-COUNT-2: memref.copy
func.func @not_last(%out: memref<4xf32>, %out2: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %a, %out : memref<4xf32> to memref<4xf32>
  memref.copy %a, %out2 : memref<4xf32> to memref<4xf32>
  %c0 = arith.constant 0 : index
  %v = memref.load %out[%c0] : memref<4xf32>
  memref.store %v, %out2[%c0] : memref<4xf32>
  return
}

// -----

// Different types (a strided out-param): left alone.
// CHECK-LABEL: func.func @type_mismatch
// CHECK:         memref.alloc
// CHECK:         memref.copy
func.func @type_mismatch(%out: memref<4xf32, strided<[2]>>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %a, %out : memref<4xf32> to memref<4xf32, strided<[2]>>
  return
}
