// memref.copy becomes linalg.copy (loops, no runner-utils call); a small
// static copy becomes one vector transfer pair.
// RUN: qfold-opt %s -split-input-file --qfold-memref-copy-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @strided_copy
// CHECK-NOT:   memref.copy
// CHECK:       linalg.copy ins(%arg0 : memref<4x?xf32, strided<[?, 1], offset: ?>>) outs(%arg1 : memref<4x?xf32>)
func.func @strided_copy(%a: memref<4x?xf32, strided<[?, 1], offset: ?>>, %b: memref<4x?xf32>) {
  memref.copy %a, %b : memref<4x?xf32, strided<[?, 1], offset: ?>> to memref<4x?xf32>
  return
}

// -----

// CHECK-LABEL: func.func @small_static_copy
// CHECK-NOT:   memref.copy
// CHECK:       %[[V:.*]] = vector.transfer_read %arg0
// CHECK-SAME:    memref<1x16xf32, strided<[64, 1], offset: ?>>, vector<1x16xf32>
// CHECK:       vector.transfer_write %[[V]], %arg1
func.func @small_static_copy(%a: memref<1x16xf32, strided<[64, 1], offset: ?>>, %b: memref<1x16xf32>) {
  memref.copy %a, %b : memref<1x16xf32, strided<[64, 1], offset: ?>> to memref<1x16xf32>
  return
}
