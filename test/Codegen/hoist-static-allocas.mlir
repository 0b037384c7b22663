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

// In a parallel loop each thread needs its own buffer: after
// convert-scf-to-openmp, a buffer in the loop body (inside the alloca scope
// the conversion adds) moves to the start of the omp.parallel region, run
// once per thread, not to the function's entry; in an scf.parallel, to the
// start of its body.
// CHECK-LABEL: func.func @per_thread
// CHECK-NOT:     memref.alloca
// CHECK:         omp.parallel {
// CHECK-NEXT:      %[[A:.*]] = memref.alloca() : memref<vector<8xf32>>
// CHECK:           omp.wsloop
// CHECK:             memref.alloca_scope {
// CHECK-NOT:           memref.alloca()
// CHECK:               scf.for
// CHECK:                 memref.store %{{.*}}, %[[A]][]
func.func @per_thread(%v: vector<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c8) step (%c1) {
        memref.alloca_scope {
          scf.for %j = %c0 to %c8 step %c1 {
            %a = memref.alloca() : memref<vector<8xf32>>
            memref.store %v, %a[] : memref<vector<8xf32>>
          }
        }
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// CHECK-LABEL: func.func @scf_parallel
// CHECK-NOT:     memref.alloca
// CHECK:         scf.parallel
// CHECK-NEXT:      memref.alloca() : memref<4xf32>
// CHECK-NEXT:      scf.for
func.func @scf_parallel() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    scf.for %j = %c0 to %c8 step %c1 {
      %a = memref.alloca() : memref<4xf32>
      memref.store %f, %a[%c0] : memref<4xf32>
    }
    scf.reduce
  }
  return
}
