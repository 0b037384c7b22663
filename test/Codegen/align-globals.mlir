// Constant globals get a cache-line alignment unless they have one.
// RUN: qfold-opt %s -split-input-file --qfold-align-globals | FileCheck %s
// RUN: qfold-opt %s -split-input-file --qfold-align-globals="alignment=32" | FileCheck %s --check-prefix=A32
// RUN: not qfold-opt %s -split-input-file --qfold-align-globals="alignment=48" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: qfold-align-globals: alignment must be a power of two, got 48

// CHECK: memref.global "private" constant @filter : memref<64xi8> = dense<1> {alignment = 64 : i64}
// CHECK: memref.global "private" constant @kept : memref<4xi32> = dense<2> {alignment = 16 : i64}
// A32: memref.global "private" constant @filter : memref<64xi8> = dense<1> {alignment = 32 : i64}
memref.global "private" constant @filter : memref<64xi8> = dense<1>
memref.global "private" constant @kept : memref<4xi32> = dense<2> {alignment = 16 : i64}
