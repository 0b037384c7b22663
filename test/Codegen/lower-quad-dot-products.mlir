// Vectorized integer convolution steps over four input channels (i8) become
// qfold.quad_dot: each column's four input bytes broadcast as one i32 and
// made unsigned (x ^ 0x80 = x + 128), one quad_dot per column and block of
// lanes, minus the 128 * sum(w) that adds (one quad_dot of 0x80 bytes per
// filter vector). Anything else is left alone.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-quad-dot-products{lanes=16}))" | FileCheck %s
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-quad-dot-products{lanes=8}))" | FileCheck %s --check-prefix=YMM
// RUN: not qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-lower-quad-dot-products{lanes=4}))" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: lanes must be 8 (ymm) or 16 (zmm), got 4

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// CHECK-LABEL: func.func @quads
// CHECK-SAME:    (%[[X:.*]]: vector<1x2x4xi8>, %[[W:.*]]: vector<4x16xi8>, %[[ACC:.*]]: vector<1x2x16xi32>)
// CHECK-DAG:     %[[SIGN:.*]] = arith.constant dense<-2139062144> : vector<16xi32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0> : vector<16xi32>
// CHECK-DAG:     %[[B80:.*]] = arith.constant dense<-128> : vector<64xi8>
// CHECK:         %[[WQ:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 16, 32, 48, 1, 17, 33, 49,
// CHECK-SAME:      : vector<32xi8>, vector<32xi8>
// CHECK:         %[[CORR:.*]] = qfold.quad_dot %[[ZERO]], %[[B80]], %[[WQ]] : vector<16xi32>, vector<64xi8>
// CHECK:         %[[G:.*]] = vector.extract %[[X]][0, 0] : vector<4xi8> from vector<1x2x4xi8>
// CHECK:         %[[G32:.*]] = vector.bitcast %[[G]] : vector<4xi8> to vector<1xi32>
// CHECK:         %[[BC:.*]] = vector.broadcast %{{.*}} : i32 to vector<16xi32>
// CHECK:         %[[U:.*]] = arith.xori %[[BC]], %[[SIGN]] : vector<16xi32>
// CHECK:         %[[UB:.*]] = vector.bitcast %[[U]] : vector<16xi32> to vector<64xi8>
// CHECK:         %[[D:.*]] = qfold.quad_dot %{{.*}}, %[[UB]], %[[WQ]] : vector<16xi32>, vector<64xi8>
// CHECK:         arith.subi %[[D]], %[[CORR]] : vector<16xi32>
// CHECK-COUNT-1: qfold.quad_dot
// CHECK-NOT:     vector.contract
// With 8 lanes: two blocks of lanes per column, two corrections.
// YMM-LABEL: func.func @quads
// YMM-COUNT-6: qfold.quad_dot {{.*}} : vector<8xi32>, vector<32xi8>
// YMM-LABEL: func.func @interleaved_filter
func.func @quads(%x: vector<1x2x4xi8>, %w: vector<4x16xi8>, %acc: vector<1x2x16xi32>) -> vector<1x2x16xi32> {
  %x32 = arith.extsi %x : vector<1x2x4xi8> to vector<1x2x4xi32>
  %w32 = arith.extsi %w : vector<4x16xi8> to vector<4x16xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x32, %w32, %acc : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
  return %r : vector<1x2x16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// A filter re-laid at compile time (transpose(shape_cast(row))): the row
// itself (a whole-vector slice folds away), no shuffles.
// CHECK-LABEL: func.func @interleaved_filter
// CHECK-SAME:    (%{{.*}}: vector<1x1x4xi8>, %[[ROW:.*]]: vector<64xi8>,
// CHECK-NOT:     vector.shuffle
// CHECK:         qfold.quad_dot %{{.*}}, %{{.*}}, %[[ROW]]
// CHECK:         qfold.quad_dot %{{.*}}, %{{.*}}, %[[ROW]]
func.func @interleaved_filter(%x: vector<1x1x4xi8>, %row: vector<64xi8>, %acc: vector<1x1x16xi32>) -> vector<1x1x16xi32> {
  %c = vector.shape_cast %row : vector<64xi8> to vector<16x4xi8>
  %w = vector.transpose %c, [1, 0] : vector<16x4xi8> to vector<4x16xi8>
  %x32 = arith.extsi %x : vector<1x1x4xi8> to vector<1x1x4xi32>
  %w32 = arith.extsi %w : vector<4x16xi8> to vector<4x16xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x32, %w32, %acc : vector<1x1x4xi32>, vector<4x16xi32> into vector<1x1x16xi32>
  return %r : vector<1x1x16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// A step of 8 output channels on a target of 16 lanes takes ymm quad_dots
// (vpdpbusd ymm: AVX512-VL); 12 channels are no multiple of 8 and stay.
// CHECK-LABEL: func.func @eight_channels
// CHECK-COUNT-3: qfold.quad_dot {{.*}} : vector<8xi32>, vector<32xi8>
// CHECK-NOT:     qfold.quad_dot
// CHECK:         vector.contract {{.*}} into vector<1x2x12xi32>
// CHECK-NOT:     vector.contract
// YMM-LABEL: func.func @eight_channels
// YMM-COUNT-3: qfold.quad_dot {{.*}} : vector<8xi32>, vector<32xi8>
// YMM-NOT:     qfold.quad_dot
// YMM:         vector.contract {{.*}} into vector<1x2x12xi32>
func.func @eight_channels(%x: vector<1x2x4xi8>, %w: vector<4x8xi8>, %acc: vector<1x2x8xi32>, %v: vector<4x12xi8>, %acc12: vector<1x2x12xi32>) -> (vector<1x2x8xi32>, vector<1x2x12xi32>) {
  %x32 = arith.extsi %x : vector<1x2x4xi8> to vector<1x2x4xi32>
  %w32 = arith.extsi %w : vector<4x8xi8> to vector<4x8xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x32, %w32, %acc : vector<1x2x4xi32>, vector<4x8xi32> into vector<1x2x8xi32>
  %v32 = arith.extsi %v : vector<4x12xi8> to vector<4x12xi32>
  %s = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x32, %v32, %acc12 : vector<1x2x4xi32>, vector<4x12xi32> into vector<1x2x12xi32>
  return %r, %s : vector<1x2x8xi32>, vector<1x2x12xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// i16 operands (pairs' widening) and two-channel steps are not quads.
// CHECK-LABEL: func.func @not_quads
// CHECK-NOT:     qfold.quad_dot
// CHECK-COUNT-2: vector.contract
func.func @not_quads(%x: vector<1x1x4xi16>, %w: vector<4x16xi16>, %y: vector<1x1x2xi8>, %v: vector<2x16xi8>, %acc: vector<1x1x16xi32>) -> (vector<1x1x16xi32>, vector<1x1x16xi32>) {
  %x32 = arith.extsi %x : vector<1x1x4xi16> to vector<1x1x4xi32>
  %w32 = arith.extsi %w : vector<4x16xi16> to vector<4x16xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %x32, %w32, %acc : vector<1x1x4xi32>, vector<4x16xi32> into vector<1x1x16xi32>
  %y32 = arith.extsi %y : vector<1x1x2xi8> to vector<1x1x2xi32>
  %v32 = arith.extsi %v : vector<2x16xi8> to vector<2x16xi32>
  %s = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %y32, %v32, %acc : vector<1x1x2xi32>, vector<2x16xi32> into vector<1x1x16xi32>
  return %r, %s : vector<1x1x16xi32>, vector<1x1x16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// Two steps in a row (two kernel columns): the first step's correction moves
// after the second step's dot product and the two corrections are added up
// once, for every column: one subtraction per accumulator for both steps.
// CHECK-LABEL: func.func @chained_steps
// CHECK:         %[[C0:.*]] = qfold.quad_dot %[[ZERO:[^,]*]], %[[B80:[^,]*]], %[[W0:[^ ]*]] :
// CHECK:         %[[D0:.*]] = qfold.quad_dot %{{.*}}, %{{.*}}, %[[W0]] :
// CHECK:         %[[C1:.*]] = qfold.quad_dot %[[ZERO]], %[[B80]], %[[W1:[^ ]*]] :
// CHECK:         %[[D1:.*]] = qfold.quad_dot %[[D0]], %{{.*}}, %[[W1]] :
// CHECK:         %[[SUM:.*]] = arith.addi %[[C0]], %[[C1]] : vector<16xi32>
// CHECK:         arith.subi %[[D1]], %[[SUM]] : vector<16xi32>
func.func @chained_steps(%x0: vector<1x2x4xi8>, %x1: vector<1x2x4xi8>, %w0: vector<4x16xi8>, %w1: vector<4x16xi8>, %acc: vector<1x2x16xi32>) -> vector<1x2x16xi32> {
  %a = arith.extsi %x0 : vector<1x2x4xi8> to vector<1x2x4xi32>
  %b = arith.extsi %w0 : vector<4x16xi8> to vector<4x16xi32>
  %r = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
  %c = arith.extsi %x1 : vector<1x2x4xi8> to vector<1x2x4xi32>
  %d = arith.extsi %w1 : vector<4x16xi8> to vector<4x16xi32>
  %s = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %c, %d, %r : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
  return %s : vector<1x2x16xi32>
}

// -----

// Subtractions that are not quad_dot corrections are not reassociated.
// CHECK-LABEL: func.func @other_subtractions_left_alone
// CHECK:         %[[S:.*]] = arith.subi %arg0, %arg1 : vector<16xi32>
// CHECK:         arith.subi %[[S]], %arg2 : vector<16xi32>
// CHECK-NOT:     arith.addi
func.func @other_subtractions_left_alone(%a: vector<16xi32>, %b: vector<16xi32>, %c: vector<16xi32>) -> vector<16xi32> {
  %s = arith.subi %a, %b : vector<16xi32>
  %t = arith.subi %s, %c : vector<16xi32>
  return %t : vector<16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// A reduction nest (kernel rows around input channels) whose accumulator
// only goes through quad steps: no step subtracts a correction. One more
// accumulator per block of lanes, threaded through both loops from zero,
// adds each step's correction (a quad_dot of 0x80 bytes), and the nest's
// result subtracts the total once, from every column.
// CHECK-LABEL: func.func @nest_hoists_corrections
// CHECK:         %[[ZERO:.*]] = arith.constant dense<0> : vector<16xi32>
// CHECK:         %[[OUTER:.*]]:2 = scf.for {{.*}} iter_args(%[[OA:.*]] = %{{.*}}, %[[OS:.*]] = %[[ZERO]]) -> (vector<1x2x16xi32>, vector<16xi32>)
// CHECK:           %[[INNER:.*]]:2 = scf.for {{.*}} iter_args(%[[A:.*]] = %[[OA]], %[[S:.*]] = %[[OS]]) -> (vector<1x2x16xi32>, vector<16xi32>)
// CHECK:             %[[S1:.*]] = qfold.quad_dot %[[S]], %[[B80:[^,]*]], %{{.*}} :
// CHECK:             %[[S2:.*]] = qfold.quad_dot %[[S1]], %[[B80]], %{{.*}} :
// CHECK-NOT:         arith.subi
// CHECK:             scf.yield %{{.*}}, %[[S2]] : vector<1x2x16xi32>, vector<16xi32>
// CHECK:           scf.yield %[[INNER]]#0, %[[INNER]]#1 : vector<1x2x16xi32>, vector<16xi32>
// CHECK:         %[[TOTAL:.*]] = vector.broadcast %[[OUTER]]#1 : vector<16xi32> to vector<1x2x16xi32>
// CHECK:         %[[R:.*]] = arith.subi %[[OUTER]]#0, %[[TOTAL]] : vector<1x2x16xi32>
// CHECK:         return %[[R]]
func.func @nest_hoists_corrections(%x: vector<3x1x2x4xi8>, %w: vector<3x4x16xi8>, %init: vector<1x2x16xi32>) -> vector<1x2x16xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scf.for %kh = %c0 to %c3 step %c1 iter_args(%outer = %init) -> (vector<1x2x16xi32>) {
    %s = scf.for %ci = %c0 to %c3 step %c1 iter_args(%acc = %outer) -> (vector<1x2x16xi32>) {
      %xi = vector.extract %x[0] : vector<1x2x4xi8> from vector<3x1x2x4xi8>
      %wi = vector.extract %w[0] : vector<4x16xi8> from vector<3x4x16xi8>
      %xj = vector.extract %x[1] : vector<1x2x4xi8> from vector<3x1x2x4xi8>
      %wj = vector.extract %w[1] : vector<4x16xi8> from vector<3x4x16xi8>
      %a = arith.extsi %xi : vector<1x2x4xi8> to vector<1x2x4xi32>
      %b = arith.extsi %wi : vector<4x16xi8> to vector<4x16xi32>
      %p = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
      %c = arith.extsi %xj : vector<1x2x4xi8> to vector<1x2x4xi32>
      %d = arith.extsi %wj : vector<4x16xi8> to vector<4x16xi32>
      %q = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %c, %d, %p : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
      scf.yield %q : vector<1x2x16xi32>
    }
    scf.yield %s : vector<1x2x16xi32>
  }
  return %r : vector<1x2x16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// The accumulator is read by something else in the loop (its running value
// would change): each step subtracts its own correction, as a lone step.
// CHECK-LABEL: func.func @accumulator_read_elsewhere
// CHECK:         scf.for {{.*}} -> (vector<1x1x16xi32>, vector<1x1x16xi32>)
// CHECK:           %[[C:.*]] = qfold.quad_dot %{{.*}}, %{{.*}}, %{{.*}} :
// CHECK:           %[[D:.*]] = qfold.quad_dot
// CHECK:           arith.subi %[[D]], %[[C]] : vector<16xi32>
func.func @accumulator_read_elsewhere(%x: vector<1x1x4xi8>, %w: vector<4x16xi8>, %init: vector<1x1x16xi32>) -> (vector<1x1x16xi32>, vector<1x1x16xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r:2 = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %init, %seen = %init) -> (vector<1x1x16xi32>, vector<1x1x16xi32>) {
    %a = arith.extsi %x : vector<1x1x4xi8> to vector<1x1x4xi32>
    %b = arith.extsi %w : vector<4x16xi8> to vector<4x16xi32>
    %p = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<1x1x4xi32>, vector<4x16xi32> into vector<1x1x16xi32>
    %m = arith.maxsi %acc, %seen : vector<1x1x16xi32>
    scf.yield %p, %m : vector<1x1x16xi32>, vector<1x1x16xi32>
  }
  return %r#0, %r#1 : vector<1x1x16xi32>, vector<1x1x16xi32>
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// A filter read from a constant global: the corrections depend on the
// channel block alone. Their nest leaves the loop over column tiles and is
// tabulated over the loop of channel blocks, once per call, into a stack
// table that each block reads; the reduction nest carries no correction.
// CHECK-LABEL: func.func @corrections_tabulated
// CHECK:         %[[TABLE:.*]] = memref.alloca() : memref<2x1x16xi32>
// CHECK:         %[[G:.*]] = memref.get_global @filter
// CHECK:         scf.for %[[FT:.*]] = %c0 to %c2 step %c1 {
// CHECK:           %[[SUM:.*]] = scf.for {{.*}} -> (vector<16xi32>) {
// CHECK:             vector.transfer_read %[[G]][%[[FT]],
// CHECK:             %[[S:.*]] = qfold.quad_dot %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi32>, vector<64xi8>
// CHECK:             scf.yield %[[S]]
// CHECK:           vector.transfer_write %[[SUM]], %[[TABLE]][%[[FT]], %c0, %c0]
// CHECK:         scf.for %[[F:.*]] = %c0 to %c2 step %c1 {
// CHECK:           %[[TOTAL:.*]] = vector.transfer_read %[[TABLE]][%[[F]], %c0, %c0]
// CHECK:           scf.for
// CHECK:             %[[R:.*]] = scf.for
// CHECK-NOT:           arith.subi
// CHECK-COUNT-2:       qfold.quad_dot
// CHECK-NOT:           arith.subi
// CHECK:               scf.yield
// CHECK:             %[[B:.*]] = vector.broadcast %[[TOTAL]] : vector<16xi32> to vector<1x2x16xi32>
// CHECK:             arith.subi %[[R]], %[[B]] : vector<1x2x16xi32>
memref.global "private" constant @filter : memref<2x4x16xi8> = dense<3>
func.func @corrections_tabulated(%x: memref<3x1x2x4xi8>, %out: memref<2x2x1x2x16xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c0_i8 = arith.constant 0 : i8
  %zero = arith.constant dense<0> : vector<1x2x16xi32>
  %g = memref.get_global @filter : memref<2x4x16xi8>
  scf.for %f = %c0 to %c2 step %c1 {
    scf.for %w = %c0 to %c2 step %c1 {
      %r = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (vector<1x2x16xi32>) {
        %xi = vector.transfer_read %x[%k, %c0, %c0, %c0], %c0_i8 {in_bounds = [true, true, true]} : memref<3x1x2x4xi8>, vector<1x2x4xi8>
        %wi = vector.transfer_read %g[%f, %c0, %c0], %c0_i8 {in_bounds = [true, true]} : memref<2x4x16xi8>, vector<4x16xi8>
        %a = arith.extsi %xi : vector<1x2x4xi8> to vector<1x2x4xi32>
        %b = arith.extsi %wi : vector<4x16xi8> to vector<4x16xi32>
        %p = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
        scf.yield %p : vector<1x2x16xi32>
      }
      vector.transfer_write %r, %out[%f, %w, %c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x2x16xi32>, memref<2x2x1x2x16xi32>
    }
  }
  return
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// The filter is a function argument (it could change between the tiles):
// the corrections stay in the reduction nest, threaded through its loop.
// CHECK-LABEL: func.func @filter_in_writable_memory
// CHECK-NOT:     memref.alloca
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             scf.for {{.*}} -> (vector<1x2x16xi32>, vector<16xi32>)
func.func @filter_in_writable_memory(%x: memref<3x1x2x4xi8>, %g: memref<2x4x16xi8>, %out: memref<2x2x1x2x16xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c0_i8 = arith.constant 0 : i8
  %zero = arith.constant dense<0> : vector<1x2x16xi32>
  scf.for %f = %c0 to %c2 step %c1 {
    scf.for %w = %c0 to %c2 step %c1 {
      %r = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (vector<1x2x16xi32>) {
        %xi = vector.transfer_read %x[%k, %c0, %c0, %c0], %c0_i8 {in_bounds = [true, true, true]} : memref<3x1x2x4xi8>, vector<1x2x4xi8>
        %wi = vector.transfer_read %g[%f, %c0, %c0], %c0_i8 {in_bounds = [true, true]} : memref<2x4x16xi8>, vector<4x16xi8>
        %a = arith.extsi %xi : vector<1x2x4xi8> to vector<1x2x4xi32>
        %b = arith.extsi %wi : vector<4x16xi8> to vector<4x16xi32>
        %p = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
        scf.yield %p : vector<1x2x16xi32>
      }
      vector.transfer_write %r, %out[%f, %w, %c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x2x16xi32>, memref<2x2x1x2x16xi32>
    }
  }
  return
}

// -----

#lhs = affine_map<(n, w, f, c) -> (n, w, c)>
#rhs = affine_map<(n, w, f, c) -> (c, f)>
#acc = affine_map<(n, w, f, c) -> (n, w, f)>

// A table of 1100 channel blocks x 16 lanes x 4 bytes (70 KB) would exceed
// the 64 KiB a stack table may take: the corrections' nest only leaves the
// loop over column tiles, once per channel block.
// CHECK-LABEL: func.func @table_too_large
// CHECK-NOT:     memref.alloca
// CHECK:         scf.for %{{.*}} = %c0 to %c1100 step %c1 {
// CHECK-NEXT:      scf.for {{.*}} -> (vector<16xi32>) {
// CHECK:           scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK-NEXT:        scf.for {{.*}} -> (vector<1x2x16xi32>) {
memref.global "private" constant @large_filter : memref<1100x4x16xi8> = dense<3>
func.func @table_too_large(%x: memref<3x1x2x4xi8>, %out: memref<1100x2x1x2x16xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c1100 = arith.constant 1100 : index
  %c0_i8 = arith.constant 0 : i8
  %zero = arith.constant dense<0> : vector<1x2x16xi32>
  %g = memref.get_global @large_filter : memref<1100x4x16xi8>
  scf.for %f = %c0 to %c1100 step %c1 {
    scf.for %w = %c0 to %c2 step %c1 {
      %r = scf.for %k = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> (vector<1x2x16xi32>) {
        %xi = vector.transfer_read %x[%k, %c0, %c0, %c0], %c0_i8 {in_bounds = [true, true, true]} : memref<3x1x2x4xi8>, vector<1x2x4xi8>
        %wi = vector.transfer_read %g[%f, %c0, %c0], %c0_i8 {in_bounds = [true, true]} : memref<1100x4x16xi8>, vector<4x16xi8>
        %a = arith.extsi %xi : vector<1x2x4xi8> to vector<1x2x4xi32>
        %b = arith.extsi %wi : vector<4x16xi8> to vector<4x16xi32>
        %p = vector.contract {indexing_maps = [#lhs, #rhs, #acc], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<1x2x4xi32>, vector<4x16xi32> into vector<1x2x16xi32>
        scf.yield %p : vector<1x2x16xi32>
      }
      vector.transfer_write %r, %out[%f, %w, %c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x2x16xi32>, memref<1100x2x1x2x16xi32>
    }
  }
  return
}
