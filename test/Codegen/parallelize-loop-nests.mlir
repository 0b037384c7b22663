// RUN: qfold-opt %s --split-input-file --qfold-parallelize-loop-nests=min-work=64 | FileCheck %s
// RUN: qfold-opt %s --split-input-file --qfold-parallelize-loop-nests="min-work=64 band-iterations=4" | FileCheck %s --check-prefix=FEW
// RUN: qfold-opt %s --split-input-file --qfold-parallelize-loop-nests="min-work=1000000" | FileCheck %s --check-prefix=BYTES

// The band of perfectly nested loops tiling parallel dimensions becomes one
// scf.parallel, collapsing its outer loops until they have band-iterations
// iterations (default 256: all three here, 128; 4: the first is enough);
// the reduction loop inside stays serial, marks are removed.
// CHECK-LABEL: func.func @band
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]], %[[L:.*]]) = (%c0, %c0, %c0) to (%c8, %c16, %c32) step (%c1, %c4, %c8) {
// CHECK-NEXT:      scf.for %[[K:.*]] = %c0 to %c8 step %c1 {
// CHECK-NEXT:        memref.load %{{.*}}[%[[I]], %[[K]]]
// CHECK:             memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]], %[[L]]]
// CHECK-NOT:     qfold.parallel
// FEW-LABEL: func.func @band
// FEW:         scf.parallel (%{{.*}}) = (%c0) to (%c8) step (%c1) {
// FEW-NEXT:      scf.for %{{.*}} = %c0 to %c16 step %c4 {
// FEW-NEXT:        scf.for %{{.*}} = %c0 to %c32 step %c8 {
// FEW-NEXT:          scf.for %{{.*}} = %c0 to %c8 step %c1 {
func.func @band(%a: memref<8x8xf32>, %b: memref<8x16x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c16 step %c4 {
      scf.for %l = %c0 to %c32 step %c8 {
        scf.for %k = %c0 to %c8 step %c1 {
          %x = memref.load %a[%i, %k] : memref<8x8xf32>
          %y = memref.load %b[%i, %j, %l] : memref<8x16x32xf32>
          %z = arith.addf %x, %y : f32
          memref.store %z, %b[%i, %j, %l] : memref<8x16x32xf32>
        }
      } {qfold.parallel}
    } {qfold.parallel}
  } {qfold.parallel}
  return
}

// -----

// A nest below min-work runs serially; so does an unmarked loop, and the
// linalg lowering's scf.parallel becomes scf.for loops there.
// CHECK-LABEL: func.func @small_and_unmarked
// CHECK-NOT:     scf.parallel
// CHECK:         scf.for
// CHECK:         scf.for
// CHECK:         scf.for
// CHECK-NOT:     scf.parallel
// CHECK-NOT:     qfold.parallel
func.func @small_and_unmarked(%a: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  %f = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %f, %a[%i] : memref<64xf32>
  } {qfold.parallel}
  scf.for %i = %c0 to %c64 step %c1 {
    memref.store %f, %a[%i] : memref<64xf32>
  }
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    memref.store %f, %a[%i] : memref<64xf32>
    scf.reduce
  }
  return
}

// -----

// The band stops where the nesting is not perfect (two loops after peeling)
// and where an inner loop's bounds depend on the band; an scf.parallel of
// the linalg lowering inside a band becomes scf.for loops.
// CHECK-LABEL: func.func @imperfect
// CHECK:         scf.parallel (%[[I:.*]]) = (%c0) to (%c64) step (%c1) {
// CHECK-NEXT:      scf.for %{{.*}} = %c0 to %c12 step %c4 {
// CHECK:           scf.for %{{.*}} = %c12 to %c14 step %c2 {
// CHECK:         scf.parallel (%[[K:.*]]) = (%c0) to (%c64) step (%c1) {
// CHECK-NEXT:      scf.for %{{.*}} = %c0 to %[[K]] step %c1 {
// CHECK-NEXT:        scf.for %{{.*}} = %c0 to %c14 step %c1 {
// CHECK-NOT:     scf.parallel
func.func @imperfect(%a: memref<64x14xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c12 = arith.constant 12 : index
  %c14 = arith.constant 14 : index
  %c64 = arith.constant 64 : index
  %f = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c64 step %c1 {
    scf.for %j = %c0 to %c12 step %c4 {
      memref.store %f, %a[%i, %j] : memref<64x14xf32>
    } {qfold.parallel}
    scf.for %j = %c12 to %c14 step %c2 {
      memref.store %f, %a[%i, %j] : memref<64x14xf32>
    } {qfold.parallel}
  } {qfold.parallel}
  scf.for %k = %c0 to %c64 step %c1 {
    scf.for %l = %c0 to %k step %c1 {
      scf.parallel (%m) = (%c0) to (%c14) step (%c1) {
        memref.store %f, %a[%l, %m] : memref<64x14xf32>
        scf.reduce
      }
    } {qfold.parallel}
  } {qfold.parallel}
  return
}

// -----

// Loops that carry values (a reduction on tensors or in registers) are not
// parallel, marked or not; nor are loops below the top level of the
// function.
// CHECK-LABEL: func.func @carried
// CHECK-NOT:     scf.parallel
// CHECK:         scf.for {{.*}} iter_args
// CHECK:         scf.if
// CHECK-NEXT:      scf.for
// CHECK-NOT:     scf.parallel
func.func @carried(%a: memref<64xf32>, %c: i1) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %f = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %f) -> f32 {
    %x = memref.load %a[%i] : memref<64xf32>
    %y = arith.addf %acc, %x : f32
    scf.yield %y : f32
  } {qfold.parallel}
  scf.if %c {
    scf.for %i = %c0 to %c64 step %c1 {
      memref.store %f, %a[%i] : memref<64xf32>
    } {qfold.parallel}
  }
  return %s : f32
}

// -----

// The linalg lowering's scf.parallel at the top level is a band itself and
// continues into a marked loop nested in it; the body is straight-line, so
// the innermost loop stays serial (a loop LLVM vectorizes).
// CHECK-LABEL: func.func @linalg_parallel
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
// CHECK-NEXT:      scf.for %{{.*}} = %c0 to %c64 step %c8 {
// CHECK-NEXT:        memref.store
// CHECK:           scf.reduce
func.func @linalg_parallel(%a: memref<8x8x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %f = arith.constant 1.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c8) step (%c1, %c1) {
    scf.for %k = %c0 to %c64 step %c8 {
      memref.store %f, %a[%i, %j, %k] : memref<8x8x64xf32>
    } {qfold.parallel}
    scf.reduce
  }
  return
}

// -----

// Below min-work, a nest that writes at least min-bytes (default 256 KiB)
// still runs on the threads (a sign flip of 64 x 4 KiB: ~33K estimated
// operations); the same flip of half the rows stays serial.
// BYTES-LABEL: func.func @large_flip
// BYTES:         scf.parallel (%{{.*}}) = (%c0) to (%c64) step (%c1) {
// BYTES-LABEL: func.func @small_flip
// BYTES-NOT:     scf.parallel
// BYTES:         scf.for %{{.*}} = %c0 to %c32 step %c1 {
// BYTES-NOT:     scf.parallel
func.func @large_flip(%a: memref<64x4096xi8>, %b: memref<64x4096xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %p = arith.constant 0 : i8
  %sign = arith.constant dense<-128> : vector<4096xi8>
  scf.for %i = %c0 to %c64 step %c1 {
    %x = vector.transfer_read %a[%i, %c0], %p {in_bounds = [true]} : memref<64x4096xi8>, vector<4096xi8>
    %y = arith.xori %x, %sign : vector<4096xi8>
    vector.transfer_write %y, %b[%i, %c0] {in_bounds = [true]} : vector<4096xi8>, memref<64x4096xi8>
  } {qfold.parallel}
  return
}
func.func @small_flip(%a: memref<64x4096xi8>, %b: memref<64x4096xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %p = arith.constant 0 : i8
  %sign = arith.constant dense<-128> : vector<4096xi8>
  scf.for %i = %c0 to %c32 step %c1 {
    %x = vector.transfer_read %a[%i, %c0], %p {in_bounds = [true]} : memref<64x4096xi8>, vector<4096xi8>
    %y = arith.xori %x, %sign : vector<4096xi8>
    vector.transfer_write %y, %b[%i, %c0] {in_bounds = [true]} : vector<4096xi8>, memref<64x4096xi8>
  } {qfold.parallel}
  return
}
