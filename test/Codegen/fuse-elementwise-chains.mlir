// An elementwise op (the u8 sign flip of a convolution's input, a residual
// add) is fused into the parallel op that produces one of its inputs alone
// (the previous convolution's epilogue, reading per-channel operands): the
// epilogue then writes the flipped values or the sum, and no pass of its own
// goes over the activation. Not when the producer has another user.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{target-cpu=znver4 cache-bytes=1048576}))" | FileCheck %s

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>

// CHECK-LABEL: func.func @flip_fused
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<1x4x4x32xi32>, tensor<32xi32>)
// CHECK:           arith.addi
// CHECK:           arith.trunci
// CHECK:           arith.xori
// CHECK-NOT:     linalg.generic
// CHECK-NOT:     arith.xori
func.func @flip_fused(%acc: tensor<1x4x4x32xi32>, %bias: tensor<32xi32>) -> tensor<1x4x4x32xi8> {
  %e = tensor.empty() : tensor<1x4x4x32xi8>
  %q = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc, %bias : tensor<1x4x4x32xi32>, tensor<32xi32>) outs(%e : tensor<1x4x4x32xi8>) {
  ^bb0(%a: i32, %b: i32, %o: i8):
    %s = arith.addi %a, %b : i32
    %t = arith.trunci %s : i32 to i8
    linalg.yield %t : i8
  } -> tensor<1x4x4x32xi8>
  %sign = arith.constant -128 : i8
  %e2 = tensor.empty() : tensor<1x4x4x32xi8>
  %f = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q : tensor<1x4x4x32xi8>) outs(%e2 : tensor<1x4x4x32xi8>) {
  ^bb0(%x: i8, %o: i8):
    %y = arith.xori %x, %sign : i8
    linalg.yield %y : i8
  } -> tensor<1x4x4x32xi8>
  return %f : tensor<1x4x4x32xi8>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>

// The epilogue's result is returned too: the flip stays a pass of its own
// (tiled into vectorized rows).
// CHECK-LABEL: func.func @producer_used_twice
// CHECK:         linalg.generic
// CHECK-NOT:       arith.xori
// CHECK:         } -> tensor<1x4x4x32xi8>
// CHECK:         scf.for
// CHECK:           arith.xori {{.*}} : vector<1x1x1x32xi8>
func.func @producer_used_twice(%acc: tensor<1x4x4x32xi32>, %bias: tensor<32xi32>) -> (tensor<1x4x4x32xi8>, tensor<1x4x4x32xi8>) {
  %e = tensor.empty() : tensor<1x4x4x32xi8>
  %q = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc, %bias : tensor<1x4x4x32xi32>, tensor<32xi32>) outs(%e : tensor<1x4x4x32xi8>) {
  ^bb0(%a: i32, %b: i32, %o: i8):
    %s = arith.addi %a, %b : i32
    %t = arith.trunci %s : i32 to i8
    linalg.yield %t : i8
  } -> tensor<1x4x4x32xi8>
  %sign = arith.constant -128 : i8
  %e2 = tensor.empty() : tensor<1x4x4x32xi8>
  %f = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q : tensor<1x4x4x32xi8>) outs(%e2 : tensor<1x4x4x32xi8>) {
  ^bb0(%x: i8, %o: i8):
    %y = arith.xori %x, %sign : i8
    linalg.yield %y : i8
  } -> tensor<1x4x4x32xi8>
  return %q, %f : tensor<1x4x4x32xi8>, tensor<1x4x4x32xi8>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// A consumer of two inputs (an add) takes the producer of either: one pass
// (tiled into rows) that flips one input and adds the other.
// CHECK-LABEL: func.func @two_input_consumer
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             arith.xori {{.*}} : vector<1x1x1x32xi8>
// CHECK-NEXT:        arith.addi {{.*}} : vector<1x1x1x32xi8>
// CHECK-NOT:     scf.for
func.func @two_input_consumer(%x: tensor<1x4x4x32xi8>, %y: tensor<1x4x4x32xi8>) -> tensor<1x4x4x32xi8> {
  %sign = arith.constant -128 : i8
  %e = tensor.empty() : tensor<1x4x4x32xi8>
  %f = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x4x4x32xi8>) outs(%e : tensor<1x4x4x32xi8>) {
  ^bb0(%a: i8, %o: i8):
    %r = arith.xori %a, %sign : i8
    linalg.yield %r : i8
  } -> tensor<1x4x4x32xi8>
  %e2 = tensor.empty() : tensor<1x4x4x32xi8>
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%f, %y : tensor<1x4x4x32xi8>, tensor<1x4x4x32xi8>) outs(%e2 : tensor<1x4x4x32xi8>) {
  ^bb0(%a: i8, %b: i8, %o: i8):
    %r = arith.addi %a, %b : i8
    linalg.yield %r : i8
  } -> tensor<1x4x4x32xi8>
  return %s : tensor<1x4x4x32xi8>
}

// -----

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d3)>

// A residual add of an epilogue's result and another tensor: one op reads
// the accumulator, the bias and the other addend.
// CHECK-LABEL: func.func @residual_add
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<1x4x4x32xf32>, tensor<32xf32>, tensor<1x4x4x32xf32>)
// CHECK:           arith.addf
// CHECK:           arith.addf
// CHECK:           arith.maximumf
// CHECK-NOT:     linalg.generic
func.func @residual_add(%acc: tensor<1x4x4x32xf32>, %bias: tensor<32xf32>, %skip: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x32xf32>
  %q = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc, %bias : tensor<1x4x4x32xf32>, tensor<32xf32>) outs(%e : tensor<1x4x4x32xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x4x4x32xf32>
  %e2 = tensor.empty() : tensor<1x4x4x32xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%q, %skip : tensor<1x4x4x32xf32>, tensor<1x4x4x32xf32>) outs(%e2 : tensor<1x4x4x32xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x4x4x32xf32>
  return %r : tensor<1x4x4x32xf32>
}
