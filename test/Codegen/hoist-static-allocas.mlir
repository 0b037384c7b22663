// RUN: qfold-opt %s --qfold-hoist-static-allocas | FileCheck %s

// Fixed-size scratch buffers inside loops move to the function's entry
// (scf.for is an automatic allocation scope: lowered to branches, an alloca
// in its body would grow the stack every iteration); a dynamic one stays.
// CHECK-LABEL: func.func @scratch
// CHECK-NEXT:    %[[A:.*]] = memref.alloca() : memref<vector<3x32xf32>>
// CHECK-NEXT:    %[[B:.*]] = memref.alloca() : memref<4xf32>
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK-NOT:         memref.alloca() :
// CHECK:             memref.alloca(%{{.*}}) : memref<?xf32>
func.func @scratch(%n: index, %v: vector<3x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %a = memref.alloca() : memref<4xf32>
    scf.for %j = %c0 to %c8 step %c1 {
      %b = memref.alloca() : memref<vector<3x32xf32>>
      memref.store %v, %b[] : memref<vector<3x32xf32>>
      %d = memref.alloca(%n) : memref<?xf32>
    }
  }
  return
}
