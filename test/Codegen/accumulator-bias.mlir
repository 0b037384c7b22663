// An integer convolution's accumulators start at the bias its epilogue would
// add first (a per-channel input of the epilogue): the reduction loop's
// start is the bias broadcast, and the epilogue no longer adds it. Not for a
// float convolution (the order of the sum would change its rounding), nor
// for an epilogue whose first add is of a per-element operand, nor for an
// accumulator that starts elsewhere than at zero.
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs{target-cpu=znver5 int8-dot=quads}))" | FileCheck %s

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
#ch = affine_map<(n, h, w, c) -> (c)>

// CHECK-LABEL: func.func @starts_at_bias
// CHECK-SAME:    %{{.*}}: tensor<1x6x10x8xi8>, %[[BIAS:[a-z0-9]+]]: tensor<16xi32>
// CHECK:         %[[START:.*]] = vector.transfer_read %[[BIAS]]
// CHECK:         %[[SHAPED:.*]] = vector.shape_cast %[[START]] : vector<1x1x8x16xi32> to vector<1x8x16xi32>
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %[[SHAPED]]) -> (vector<1x8x16xi32>)
// CHECK-NOT:     arith.addi
// CHECK:         arith.shrsi
func.func @starts_at_bias(%x: tensor<1x6x10x8xi8>, %bias: tensor<16xi32>) -> tensor<1x4x8x16xi32> {
  %w = arith.constant dense<3> : tensor<3x3x8x16xi8>
  %zero = arith.constant 0 : i32
  %two = arith.constant 2 : i32
  %e = tensor.empty() : tensor<1x4x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x8xi8>, tensor<3x3x8x16xi8>) outs(%f : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %r = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %bias : tensor<1x4x8x16xi32>, tensor<16xi32>) outs(%e : tensor<1x4x8x16xi32>) {
  ^bb0(%acc: i32, %b: i32, %out: i32):
    %s = arith.addi %acc, %b : i32
    %q = arith.shrsi %s, %two : i32
    linalg.yield %q : i32
  } -> tensor<1x4x8x16xi32>
  return %r : tensor<1x4x8x16xi32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>

// CHECK-LABEL: func.func @per_element_add_kept
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %cst{{.*}}) -> (vector<1x8x16xi32>)
// CHECK:         arith.addi %{{.*}} : vector<1x1x8x16xi32>
func.func @per_element_add_kept(%x: tensor<1x6x10x8xi8>, %y: tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32> {
  %w = arith.constant dense<3> : tensor<3x3x8x16xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<1x4x8x16xi32>
  %f = linalg.fill ins(%zero : i32) outs(%e : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x8xi8>, tensor<3x3x8x16xi8>) outs(%f : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %y : tensor<1x4x8x16xi32>, tensor<1x4x8x16xi32>) outs(%e : tensor<1x4x8x16xi32>) {
  ^bb0(%acc: i32, %b: i32, %out: i32):
    %s = arith.addi %acc, %b : i32
    linalg.yield %s : i32
  } -> tensor<1x4x8x16xi32>
  return %r : tensor<1x4x8x16xi32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
#ch = affine_map<(n, h, w, c) -> (c)>

// CHECK-LABEL: func.func @float_kept
// CHECK:         scf.for {{.*}} iter_args(%{{.*}} = %cst{{.*}}) -> (vector<1x{{[0-9]+}}x16xf32>)
// CHECK:         arith.addf %{{.*}} : vector<1x1x{{[0-9]+}}x16xf32>
func.func @float_kept(%x: tensor<1x6x10x8xf32>, %bias: tensor<16xf32>) -> tensor<1x4x8x16xf32> {
  %w = arith.constant dense<3.0> : tensor<3x3x8x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x8x16xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x8xf32>, tensor<3x3x8x16xf32>) outs(%f : tensor<1x4x8x16xf32>) -> tensor<1x4x8x16xf32>
  %r = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %bias : tensor<1x4x8x16xf32>, tensor<16xf32>) outs(%e : tensor<1x4x8x16xf32>) {
  ^bb0(%acc: f32, %b: f32, %out: f32):
    %s = arith.addf %acc, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x4x8x16xf32>
  return %r : tensor<1x4x8x16xf32>
}

// -----

#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
#ch = affine_map<(n, h, w, c) -> (c)>

// An accumulator that does not start at zero already has a start of its
// own: it keeps it, and the epilogue keeps its add.
// CHECK-LABEL: func.func @nonzero_start_kept
// CHECK:         arith.constant dense<5> : vector<1x8x16xi32>
// CHECK:         arith.addi %{{.*}} : vector<1x1x8x16xi32>
func.func @nonzero_start_kept(%x: tensor<1x6x10x8xi8>, %bias: tensor<16xi32>) -> tensor<1x4x8x16xi32> {
  %w = arith.constant dense<3> : tensor<3x3x8x16xi8>
  %five = arith.constant 5 : i32
  %e = tensor.empty() : tensor<1x4x8x16xi32>
  %f = linalg.fill ins(%five : i32) outs(%e : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x10x8xi8>, tensor<3x3x8x16xi8>) outs(%f : tensor<1x4x8x16xi32>) -> tensor<1x4x8x16xi32>
  %r = linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %bias : tensor<1x4x8x16xi32>, tensor<16xi32>) outs(%e : tensor<1x4x8x16xi32>) {
  ^bb0(%acc: i32, %b: i32, %out: i32):
    %s = arith.addi %acc, %b : i32
    linalg.yield %s : i32
  } -> tensor<1x4x8x16xi32>
  return %r : tensor<1x4x8x16xi32>
}
