// 8x8 f32 and i8 blocks of the boundary transposes become two-source
// shuffles of their rows (f32: 24, AVX unpacks, in-lane shuffles, 128-bit
// lane permutes; i8: 12, SSE byte, word and double-word unpacks); other
// transposes are left to the generic lowering.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-transposes-avx2))" | FileCheck %s

// CHECK-LABEL: func.func @nchw_to_nhwc_block
// CHECK-SAME:    (%[[V:.*]]: vector<1x8x1x8xf32>)
// CHECK-COUNT-8: vector.extract %[[V]][0, {{[0-7]}}, 0] : vector<8xf32> from vector<1x8x1x8xf32>
// CHECK:         vector.shuffle {{.*}} [0, 8, 1, 9, 4, 12, 5, 13] : vector<8xf32>, vector<8xf32>
// CHECK:         vector.shuffle {{.*}} [2, 10, 3, 11, 6, 14, 7, 15] : vector<8xf32>, vector<8xf32>
// CHECK-COUNT-22: vector.shuffle
// CHECK-NOT:     vector.shuffle
// CHECK-NOT:     vector.transpose
// CHECK-COUNT-8: vector.insert
// CHECK:         vector.shape_cast %{{.*}} : vector<8x8xf32> to vector<1x1x8x8xf32>
func.func @nchw_to_nhwc_block(%v: vector<1x8x1x8xf32>) -> vector<1x1x8x8xf32> {
  %t = vector.transpose %v, [0, 2, 3, 1] : vector<1x8x1x8xf32> to vector<1x1x8x8xf32>
  return %t : vector<1x1x8x8xf32>
}

// -----

// Bytes: rows interleaved pairwise by bytes (16-byte results), then by
// 16-bit words, then by 32-bit double words; each result holds two output
// rows.
// CHECK-LABEL: func.func @u8_block
// CHECK-COUNT-4: vector.shuffle {{.*}} [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15] : vector<8xi8>, vector<8xi8>
// CHECK:         vector.shuffle {{.*}} [0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23] : vector<16xi8>, vector<16xi8>
// CHECK:         vector.shuffle {{.*}} [8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31] : vector<16xi8>, vector<16xi8>
// CHECK-COUNT-2: vector.shuffle {{.*}} : vector<16xi8>, vector<16xi8>
// CHECK:         vector.shuffle {{.*}} [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23] : vector<16xi8>, vector<16xi8>
// CHECK-COUNT-3: vector.shuffle {{.*}} : vector<16xi8>, vector<16xi8>
// CHECK-NOT:     vector.shuffle
// CHECK-NOT:     vector.transpose
// CHECK-COUNT-8: vector.extract_strided_slice {{.*}} {offsets = [{{0|8}}], sizes = [8], strides = [1]} : vector<16xi8> to vector<8xi8>
func.func @u8_block(%v: vector<1x8x1x8xi8>) -> vector<1x1x8x8xi8> {
  %t = vector.transpose %v, [0, 2, 3, 1] : vector<1x8x1x8xi8> to vector<1x1x8x8xi8>
  return %t : vector<1x1x8x8xi8>
}

// -----

// CHECK-LABEL: func.func @not_8x8
// CHECK-COUNT-3: vector.transpose
// CHECK-NOT:     vector.shuffle
func.func @not_8x8(%a: vector<1x8x1x8xi16>, %b: vector<4x8xf32>, %c: vector<8x1x8xf32>) -> (vector<1x1x8x8xi16>, vector<8x4xf32>, vector<1x8x8xf32>) {
  %x = vector.transpose %a, [0, 2, 3, 1] : vector<1x8x1x8xi16> to vector<1x1x8x8xi16>
  %y = vector.transpose %b, [1, 0] : vector<4x8xf32> to vector<8x4xf32>
  // The two 8s keep their order: only a unit dimension moves.
  %z = vector.transpose %c, [1, 0, 2] : vector<8x1x8xf32> to vector<1x8x8xf32>
  return %x, %y, %z : vector<1x1x8x8xi16>, vector<8x4xf32>, vector<1x8x8xf32>
}
