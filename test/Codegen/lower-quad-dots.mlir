// qfold.quad_dot lowers to vpdpbusd with intrinsics=true (16 lanes: zmm,
// 8 lanes: ymm) and otherwise to its definition in generic vector
// arithmetic, which compiles for any x86 CPU. The object code is checked for
// the named CPUs whatever the host is.
// RUN: qfold-opt %s --qfold-lower-quad-dots="intrinsics=true" | FileCheck %s --check-prefix=INTR
// RUN: qfold-opt %s --qfold-lower-quad-dots | FileCheck %s --check-prefix=GENERIC
// RUN: qfold-opt %s --qfold-lower-quad-dots="intrinsics=true" --convert-vector-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-translate --mlir-to-llvmir > %t.vnni.ll
// RUN: llc -O3 -mtriple=x86_64-linux-gnu -mcpu=znver5 %t.vnni.ll -o - | FileCheck %s --check-prefix=VNNI
// RUN: llc -O3 -mtriple=x86_64-linux-gnu -mcpu=znver4 %t.vnni.ll -o - | FileCheck %s --check-prefix=VNNI
// RUN: llc -O3 -mtriple=x86_64-linux-gnu -mcpu=icelake-server %t.vnni.ll -o - | FileCheck %s --check-prefix=VNNI
// RUN: qfold-opt %s --qfold-lower-quad-dots --convert-vector-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --reconcile-unrealized-casts \
// RUN:   | mlir-translate --mlir-to-llvmir > %t.generic.ll
// RUN: llc -O3 -mtriple=x86_64-linux-gnu -mcpu=znver3 %t.generic.ll -o - | FileCheck %s --check-prefix=AVX2
// RUN: llc -O3 -mtriple=x86_64-linux-gnu -mcpu=x86-64 %t.generic.ll -o /dev/null

// INTR-LABEL: func.func @zmm
// INTR:         llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%arg0, %arg1, %arg2) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// INTR-LABEL: func.func @ymm
// INTR:         llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"(%arg0, %arg1, %arg2) : (vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
// INTR-LABEL: func.func @other_width
// INTR-NOT:     llvm.call_intrinsic
// INTR:         arith.extui

// The definition: zero- and sign-extend, multiply, add product k of every
// quad (a strided shuffle) into the accumulator.
// GENERIC-LABEL: func.func @zmm
// GENERIC-NOT:     llvm.call_intrinsic
// GENERIC:         %[[A:.*]] = arith.extui %arg1 : vector<64xi8> to vector<64xi32>
// GENERIC:         %[[B:.*]] = arith.extsi %arg2 : vector<64xi8> to vector<64xi32>
// GENERIC:         %[[P:.*]] = arith.muli %[[A]], %[[B]] : vector<64xi32>
// GENERIC:         %[[P0:.*]] = vector.shuffle %[[P]], %[[P]] [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60]
// GENERIC:         %[[S0:.*]] = arith.addi %arg0, %[[P0]] : vector<16xi32>
// GENERIC:         vector.shuffle %[[P]], %[[P]] [1, 5, 9,
// GENERIC:         vector.shuffle %[[P]], %[[P]] [2, 6, 10,
// GENERIC:         vector.shuffle %[[P]], %[[P]] [3, 7, 11,

// VNNI-LABEL: zmm:
// VNNI:         vpdpbusd %zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm{{[0-9]+}}
// VNNI-LABEL: ymm:
// VNNI:         vpdpbusd %ymm{{[0-9]+}}, %ymm{{[0-9]+}}, %ymm{{[0-9]+}}

// An AVX2 CPU without VNNI compiles the generic form with other instructions.
// AVX2-LABEL: zmm:
// AVX2-NOT:     vpdpbusd
// AVX2:         ret

func.func @zmm(%acc: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>) -> vector<16xi32> {
  %r = qfold.quad_dot %acc, %a, %b : vector<16xi32>, vector<64xi8>
  return %r : vector<16xi32>
}

func.func @ymm(%acc: vector<8xi32>, %a: vector<32xi8>, %b: vector<32xi8>) -> vector<8xi32> {
  %r = qfold.quad_dot %acc, %a, %b : vector<8xi32>, vector<32xi8>
  return %r : vector<8xi32>
}

func.func @other_width(%acc: vector<4xi32>, %a: vector<16xi8>, %b: vector<16xi8>) -> vector<4xi32> {
  %r = qfold.quad_dot %acc, %a, %b : vector<4xi32>, vector<16xi8>
  return %r : vector<4xi32>
}
