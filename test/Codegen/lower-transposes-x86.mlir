// 8x8 f32 and i8 blocks of the boundary transposes become two-source
// shuffles of their rows (f32: 24, AVX unpacks, in-lane shuffles, 128-bit
// lane permutes; i8: 12, SSE byte, word and double-word unpacks), 16x16 ones
// (AVX-512 tiles) 64 (f32: in-lane unpacks and shuffles, 128-bit lane
// selections; i8: four rounds of byte interleaves), rectangles of 8 and 16
// 8x8 blocks; other transposes are left to the generic lowering.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-transposes-x86))" | FileCheck %s

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

// 16x16 f32 on zmm: 16 in-lane unpacks, 16 in-lane pair shuffles, two
// rounds of 16 128-bit lane selections.
// CHECK-LABEL: func.func @zmm_block
// CHECK-COUNT-16: vector.extract %{{.*}}[0, {{[0-9]+}}, 0] : vector<16xf32> from vector<1x16x1x16xf32>
// CHECK:         vector.shuffle {{.*}} [0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28, 13, 29] : vector<16xf32>, vector<16xf32>
// CHECK:         vector.shuffle {{.*}} [2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27, 14, 30, 15, 31]
// CHECK-COUNT-14: vector.shuffle
// CHECK:         vector.shuffle {{.*}} [0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29]
// CHECK:         vector.shuffle {{.*}} [2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31]
// CHECK-COUNT-14: vector.shuffle
// CHECK:         vector.shuffle {{.*}} [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27]
// CHECK:         vector.shuffle {{.*}} [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31]
// CHECK-COUNT-30: vector.shuffle
// CHECK-NOT:     vector.shuffle
// CHECK-NOT:     vector.transpose
// CHECK-COUNT-16: vector.insert
// CHECK:         vector.shape_cast %{{.*}} : vector<16x16xf32> to vector<1x1x16x16xf32>
func.func @zmm_block(%v: vector<1x16x1x16xf32>) -> vector<1x1x16x16xf32> {
  %t = vector.transpose %v, [0, 2, 3, 1] : vector<1x16x1x16xf32> to vector<1x1x16x16xf32>
  return %t : vector<1x1x16x16xf32>
}

// -----

// 16x16 bytes: four rounds of interleaving row i with row i + 8 (byte
// unpacks of 16-byte rows).
// CHECK-LABEL: func.func @u8_zmm_block
// CHECK:         vector.shuffle {{.*}} [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23] : vector<16xi8>, vector<16xi8>
// CHECK:         vector.shuffle {{.*}} [8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31] : vector<16xi8>, vector<16xi8>
// CHECK-COUNT-62: vector.shuffle {{.*}} : vector<16xi8>, vector<16xi8>
// CHECK-NOT:     vector.shuffle
// CHECK-NOT:     vector.transpose
func.func @u8_zmm_block(%v: vector<1x16x1x16xi8>) -> vector<1x1x16x16xi8> {
  %t = vector.transpose %v, [0, 2, 3, 1] : vector<1x16x1x16xi8> to vector<1x1x16x16xi8>
  return %t : vector<1x1x16x16xi8>
}

// -----

// A 16-row tile's remainder of 8 columns: two 8x8 blocks of the rows'
// halves, whose results fill the two halves of the 8 result rows.
// CHECK-LABEL: func.func @rows16_columns8
// CHECK-COUNT-16: vector.extract %{{.*}}[0, {{[0-9]+}}, 0] : vector<8xf32> from vector<1x16x1x8xf32>
// CHECK-COUNT-24: vector.shuffle {{.*}} : vector<8xf32>, vector<8xf32>
// CHECK-COUNT-8: vector.insert_strided_slice %{{.*}} {offsets = [0], strides = [1]} : vector<8xf32> into vector<16xf32>
// CHECK-COUNT-24: vector.shuffle {{.*}} : vector<8xf32>, vector<8xf32>
// CHECK-COUNT-8: vector.insert_strided_slice %{{.*}} {offsets = [8], strides = [1]} : vector<8xf32> into vector<16xf32>
// CHECK-NOT:     vector.shuffle
// CHECK-NOT:     vector.transpose
// CHECK:         vector.shape_cast %{{.*}} : vector<8x16xf32> to vector<1x1x8x16xf32>
func.func @rows16_columns8(%v: vector<1x16x1x8xf32>) -> vector<1x1x8x16xf32> {
  %t = vector.transpose %v, [0, 2, 3, 1] : vector<1x16x1x8xf32> to vector<1x1x8x16xf32>
  return %t : vector<1x1x8x16xf32>
}

// -----

// 8 rows of 16 bytes (the output transpose's remainder): the rows' two
// halves are two 8x8 blocks, each giving 8 whole result rows.
// CHECK-LABEL: func.func @rows8_columns16
// CHECK-COUNT-8: vector.extract_strided_slice %{{.*}} {offsets = [0], sizes = [8], strides = [1]} : vector<16xi8> to vector<8xi8>
// CHECK-COUNT-12: vector.shuffle
// CHECK-COUNT-8: vector.extract_strided_slice %{{.*}} {offsets = [{{0|8}}], sizes = [8], strides = [1]} : vector<16xi8> to vector<8xi8>
// CHECK-COUNT-8: vector.extract_strided_slice %{{.*}} {offsets = [8], sizes = [8], strides = [1]} : vector<16xi8> to vector<8xi8>
// CHECK-COUNT-12: vector.shuffle
// CHECK-COUNT-8: vector.extract_strided_slice %{{.*}} {offsets = [{{0|8}}], sizes = [8], strides = [1]} : vector<16xi8> to vector<8xi8>
// CHECK-NOT:     vector.shuffle
// CHECK-NOT:     vector.insert_strided_slice
// CHECK-NOT:     vector.transpose
// CHECK:         vector.shape_cast %{{.*}} : vector<16x8xi8> to vector<1x16x1x8xi8>
func.func @rows8_columns16(%v: vector<1x1x8x16xi8>) -> vector<1x16x1x8xi8> {
  %t = vector.transpose %v, [0, 3, 1, 2] : vector<1x1x8x16xi8> to vector<1x16x1x8xi8>
  return %t : vector<1x16x1x8xi8>
}

// -----

// An image's 4 channels (int8 pads 3 to 4) by 16 columns: two rounds of
// interleaving row i with row i + 2 by bytes; each result holds four 4-byte
// result rows.
// CHECK-LABEL: func.func @image_channels_u8
// CHECK-DAG:     %[[R0:.*]] = vector.extract %{{.*}}[0, 0, 0] : vector<16xi8> from vector<1x4x1x16xi8>
// CHECK-DAG:     %[[R1:.*]] = vector.extract %{{.*}}[0, 1, 0] : vector<16xi8> from vector<1x4x1x16xi8>
// CHECK-DAG:     %[[R2:.*]] = vector.extract %{{.*}}[0, 2, 0] : vector<16xi8> from vector<1x4x1x16xi8>
// CHECK-DAG:     %[[R3:.*]] = vector.extract %{{.*}}[0, 3, 0] : vector<16xi8> from vector<1x4x1x16xi8>
// CHECK:         %[[A:.*]] = vector.shuffle %[[R0]], %[[R2]] [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23] : vector<16xi8>, vector<16xi8>
// CHECK:         %[[B:.*]] = vector.shuffle %[[R0]], %[[R2]] [8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31]
// CHECK:         %[[C:.*]] = vector.shuffle %[[R1]], %[[R3]] [0, 16,
// CHECK:         %[[D:.*]] = vector.shuffle %[[R1]], %[[R3]] [8, 24,
// CHECK:         %[[AC:.*]] = vector.shuffle %[[A]], %[[C]] [0, 16,
// CHECK:         %[[AC2:.*]] = vector.shuffle %[[A]], %[[C]] [8, 24,
// CHECK:         %[[BD:.*]] = vector.shuffle %[[B]], %[[D]] [0, 16,
// CHECK:         %[[BD2:.*]] = vector.shuffle %[[B]], %[[D]] [8, 24,
// CHECK-NOT:     vector.shuffle
// CHECK:         vector.shape_cast %[[AC]] : vector<16xi8> to vector<4x4xi8>
// CHECK:         vector.insert_strided_slice %{{.*}} {offsets = [0, 0], strides = [1, 1]} : vector<4x4xi8> into vector<16x4xi8>
// CHECK:         vector.shape_cast %[[AC2]] : vector<16xi8> to vector<4x4xi8>
// CHECK:         vector.insert_strided_slice %{{.*}} {offsets = [4, 0], strides = [1, 1]}
// CHECK:         vector.shape_cast %[[BD]] : vector<16xi8> to vector<4x4xi8>
// CHECK:         vector.insert_strided_slice %{{.*}} {offsets = [8, 0], strides = [1, 1]}
// CHECK:         vector.shape_cast %[[BD2]] : vector<16xi8> to vector<4x4xi8>
// CHECK:         vector.insert_strided_slice %{{.*}} {offsets = [12, 0], strides = [1, 1]}
// CHECK-NOT:     vector.transpose
// CHECK:         vector.shape_cast %{{.*}} : vector<16x4xi8> to vector<1x1x16x4xi8>
func.func @image_channels_u8(%v: vector<1x4x1x16xi8>) -> vector<1x1x16x4xi8> {
  %t = vector.transpose %v, [0, 2, 3, 1] : vector<1x4x1x16xi8> to vector<1x1x16x4xi8>
  return %t : vector<1x1x16x4xi8>
}

// -----

// Two f32 rows of 8 (AVX2's tile): one round, each result two result rows.
// CHECK-LABEL: func.func @two_rows_f32
// CHECK:         vector.shuffle %{{.*}}, %{{.*}} [0, 8, 1, 9, 2, 10, 3, 11] : vector<8xf32>, vector<8xf32>
// CHECK:         vector.shuffle %{{.*}}, %{{.*}} [4, 12, 5, 13, 6, 14, 7, 15] : vector<8xf32>, vector<8xf32>
// CHECK-NOT:     vector.shuffle
// CHECK:         vector.insert_strided_slice %{{.*}} {offsets = [0, 0], strides = [1, 1]} : vector<4x2xf32> into vector<8x2xf32>
// CHECK:         vector.insert_strided_slice %{{.*}} {offsets = [4, 0], strides = [1, 1]} : vector<4x2xf32> into vector<8x2xf32>
// CHECK-NOT:     vector.transpose
func.func @two_rows_f32(%v: vector<2x8xf32>) -> vector<8x2xf32> {
  %t = vector.transpose %v, [1, 0] : vector<2x8xf32> to vector<8x2xf32>
  return %t : vector<8x2xf32>
}

// -----

// CHECK-LABEL: func.func @not_8x8
// CHECK-COUNT-6: vector.transpose
// CHECK-NOT:     vector.shuffle
func.func @not_8x8(%a: vector<1x8x1x8xi16>, %b: vector<3x8xf32>, %c: vector<8x1x8xf32>, %d: vector<16x32xf32>, %e: vector<16x8x2xf32>, %f: vector<8x4xf32>) -> (vector<1x1x8x8xi16>, vector<8x3xf32>, vector<1x8x8xf32>, vector<32x16xf32>, vector<8x16x2xf32>, vector<4x8xf32>) {
  %x = vector.transpose %a, [0, 2, 3, 1] : vector<1x8x1x8xi16> to vector<1x1x8x8xi16>
  // 3 rows are no power of two; 4 columns are too few (rows of 4 elements).
  %y = vector.transpose %b, [1, 0] : vector<3x8xf32> to vector<8x3xf32>
  %v = vector.transpose %f, [1, 0] : vector<8x4xf32> to vector<4x8xf32>
  // The two 8s keep their order: only a unit dimension moves.
  %z = vector.transpose %c, [1, 0, 2] : vector<8x1x8xf32> to vector<1x8x8xf32>
  // 32 is no block size; three dimensions are not two.
  %w = vector.transpose %d, [1, 0] : vector<16x32xf32> to vector<32x16xf32>
  %u = vector.transpose %e, [1, 0, 2] : vector<16x8x2xf32> to vector<8x16x2xf32>
  return %x, %y, %z, %w, %u, %v : vector<1x1x8x8xi16>, vector<8x3xf32>, vector<1x8x8xf32>, vector<32x16xf32>, vector<8x16x2xf32>, vector<4x8xf32>
}
