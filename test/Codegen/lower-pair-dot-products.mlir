// Vectorized integer convolution steps over two input channels become
// vpmaddwd (AVX2 ymm, or AVX-512BW zmm with lanes=16); everything else is
// left alone.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-pair-dot-products))" | FileCheck %s
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-pair-dot-products{lanes=16}))" | FileCheck %s --check-prefix=ZMM
// RUN: not qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-pair-dot-products{lanes=4}))" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: lanes must be 8 (AVX2) or 16 (AVX-512BW), got 4

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// Two columns x 16 channels: the filter rows interleaved into two pair
// vectors, each column's pair broadcast as one i32, four vpmaddwd.
// CHECK-LABEL: func.func @pairs
// CHECK-SAME:    (%[[X:.*]]: vector<1x2x2xi8>, %[[W:.*]]: vector<2x16xi8>, %[[ACC:.*]]: vector<1x2x16xi32>)
// CHECK:         %[[W16:.*]] = arith.extsi %[[W]] : vector<2x16xi8> to vector<2x16xi16>
// CHECK:         %[[R0:.*]] = vector.extract %[[W16]][0]
// CHECK:         %[[R1:.*]] = vector.extract %[[W16]][1]
// CHECK-COUNT-2: vector.interleave {{.*}} : vector<8xi16> -> vector<16xi16>
// CHECK:         %[[X16:.*]] = arith.extsi %[[X]] : vector<1x2x2xi8> to vector<1x2x2xi16>
// CHECK:         %[[P:.*]] = vector.extract %[[X16]][0, 0] : vector<2xi16>
// CHECK:         %[[P32:.*]] = vector.bitcast %[[P]] : vector<2xi16> to vector<1xi32>
// CHECK:         %[[S:.*]] = vector.extract %[[P32]][0] : i32
// CHECK:         %[[B:.*]] = vector.broadcast %[[S]] : i32 to vector<8xi32>
// CHECK:         %[[B16:.*]] = vector.bitcast %[[B]] : vector<8xi32> to vector<16xi16>
// CHECK:         %[[D:.*]] = llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%[[B16]], %{{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK:         arith.addi %{{.*}}, %[[D]] : vector<8xi32>
// CHECK-COUNT-3: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// CHECK-NOT:     vector.contract
// With 16 lanes (AVX-512BW): one zmm vpmaddwd per column over all 16
// channels, the pairs of both rows interleaved into one vector<32xi16>.
// ZMM-LABEL: func.func @pairs
// ZMM:         vector.interleave {{.*}} : vector<16xi16> -> vector<32xi16>
// ZMM:         %[[B:.*]] = vector.broadcast %{{.*}} : i32 to vector<16xi32>
// ZMM:         %[[B16:.*]] = vector.bitcast %[[B]] : vector<16xi32> to vector<32xi16>
// ZMM:         llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"(%[[B16]], %{{.*}}) : (vector<32xi16>, vector<32xi16>) -> vector<16xi32>
// ZMM:         llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"
// ZMM-NOT:     llvm.call_intrinsic
// ZMM-NOT:     vector.contract
func.func @pairs(%x: vector<1x2x2xi8>, %w: vector<2x16xi8>, %acc: vector<1x2x16xi32>) -> vector<1x2x16xi32> {
  %xe = arith.extsi %x : vector<1x2x2xi8> to vector<1x2x2xi32>
  %we = arith.extsi %w : vector<2x16xi8> to vector<2x16xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %xe, %we, %acc : vector<1x2x2xi32>, vector<2x16xi32> into vector<1x2x16xi32>
  return %r : vector<1x2x16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// Filters re-centered on their zero point are i16 already: no extension.
// CHECK-LABEL: func.func @i16_filter
// CHECK-NOT:     arith.extsi {{.*}} vector<2x8xi16>
// CHECK:         vector.interleave {{.*}} : vector<8xi16> -> vector<16xi16>
// CHECK:         llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// With 16 lanes, 8 channels (no multiple of 16) take ymm vpmaddwd.
// ZMM-LABEL: func.func @i16_filter
// ZMM-NOT:     vector.contract
// ZMM:         llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// ZMM-NOT:     vector.contract
func.func @i16_filter(%x: vector<1x1x2xi8>, %w: vector<2x8xi16>, %acc: vector<1x1x8xi32>) -> vector<1x1x8xi32> {
  %xe = arith.extsi %x : vector<1x1x2xi8> to vector<1x1x2xi32>
  %we = arith.extsi %w : vector<2x8xi16> to vector<2x8xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %xe, %we, %acc : vector<1x1x2xi32>, vector<2x8xi32> into vector<1x1x8xi32>
  return %r : vector<1x1x8xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// A filter re-laid at compile time as interleaved pairs (what
// qfold-tile-and-vectorize-convs reads from constant filters): the pair
// vectors are slices of the row, no interleaving at run time.
// CHECK-LABEL: func.func @interleaved_filter
// CHECK-SAME:    (%[[X:.*]]: vector<1x1x2xi16>, %[[ROW:.*]]: vector<32xi16>,
// CHECK-NOT:     vector.interleave
// CHECK:         %[[P0:.*]] = vector.extract_strided_slice %[[ROW]] {offsets = [0], sizes = [16], strides = [1]}
// CHECK:         %[[P1:.*]] = vector.extract_strided_slice %[[ROW]] {offsets = [16], sizes = [16], strides = [1]}
// CHECK-NOT:     vector.interleave
// CHECK:         llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%{{.*}}, %[[P0]])
// CHECK:         llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%{{.*}}, %[[P1]])
// With 16 lanes the whole row is the one pair vector.
// ZMM-LABEL: func.func @interleaved_filter
// ZMM-NOT:     vector.interleave
// ZMM:         llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"(%{{.*}}, %arg1)
func.func @interleaved_filter(%x: vector<1x1x2xi16>, %row: vector<32xi16>, %acc: vector<1x1x16xi32>) -> vector<1x1x16xi32> {
  %pairs = vector.shape_cast %row : vector<32xi16> to vector<16x2xi16>
  %w = vector.transpose %pairs, [1, 0] : vector<16x2xi16> to vector<2x16xi16>
  %xe = arith.extsi %x : vector<1x1x2xi16> to vector<1x1x2xi32>
  %we = arith.extsi %w : vector<2x16xi16> to vector<2x16xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %xe, %we, %acc : vector<1x1x2xi32>, vector<2x16xi32> into vector<1x1x16xi32>
  return %r : vector<1x1x16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// Must not fire: one channel per step, channels not a multiple of 8,
// operands that are not sign-extended narrow integers, floats.
// CHECK-LABEL: func.func @not_pairs
// CHECK-COUNT-4: vector.contract
// CHECK-NOT:     llvm.call_intrinsic
// ZMM-LABEL: func.func @not_pairs
// ZMM-NOT:     llvm.call_intrinsic
func.func @not_pairs(%x1: vector<1x2x1xi8>, %w1: vector<1x16xi8>, %x: vector<1x2x2xi8>, %w12: vector<2x12xi8>, %xi: vector<1x2x2xi32>, %wi: vector<2x16xi32>, %acc: vector<1x2x16xi32>, %acc12: vector<1x2x12xi32>, %xf: vector<1x2x2xf32>, %wf: vector<2x16xf32>, %accf: vector<1x2x16xf32>) -> (vector<1x2x16xi32>, vector<1x2x12xi32>, vector<1x2x16xi32>, vector<1x2x16xf32>) {
  %x1e = arith.extsi %x1 : vector<1x2x1xi8> to vector<1x2x1xi32>
  %w1e = arith.extsi %w1 : vector<1x16xi8> to vector<1x16xi32>
  %a = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x1e, %w1e, %acc : vector<1x2x1xi32>, vector<1x16xi32> into vector<1x2x16xi32>
  %xe = arith.extsi %x : vector<1x2x2xi8> to vector<1x2x2xi32>
  %w12e = arith.extsi %w12 : vector<2x12xi8> to vector<2x12xi32>
  %b = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %xe, %w12e, %acc12 : vector<1x2x2xi32>, vector<2x12xi32> into vector<1x2x12xi32>
  %c = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %xi, %wi, %acc : vector<1x2x2xi32>, vector<2x16xi32> into vector<1x2x16xi32>
  %d = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %xf, %wf, %accf : vector<1x2x2xf32>, vector<2x16xf32> into vector<1x2x16xf32>
  return %a, %b, %c, %d : vector<1x2x16xi32>, vector<1x2x12xi32>, vector<1x2x16xi32>, vector<1x2x16xf32>
}
