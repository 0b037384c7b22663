// qfold.quad_dot: round trip, and the verifier's rule (four bytes per lane).
// RUN: qfold-opt %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: qfold-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | qfold-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @zmm
// CHECK:         qfold.quad_dot %arg0, %arg1, %arg2 : vector<16xi32>, vector<64xi8>
func.func @zmm(%acc: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>) -> vector<16xi32> {
  %r = qfold.quad_dot %acc, %a, %b : vector<16xi32>, vector<64xi8>
  return %r : vector<16xi32>
}

// -----

func.func @three_bytes_per_lane(%acc: vector<16xi32>, %a: vector<48xi8>, %b: vector<48xi8>) -> vector<16xi32> {
  // expected-error @+1 {{'qfold.quad_dot' op expects four bytes per i32 lane: 16 lanes need 64 bytes per operand, got 48}}
  %r = qfold.quad_dot %acc, %a, %b : vector<16xi32>, vector<48xi8>
  return %r : vector<16xi32>
}
