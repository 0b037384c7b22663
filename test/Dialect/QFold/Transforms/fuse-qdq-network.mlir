// qfold-fuse-qdq beyond conv2d: DQ -> add/sub/mul/div [-> relu/clamp] -> Q,
// DQ -> max / avg pool -> Q, and Q/DQ pairs moved through
// tensor.collapse_shape / expand_shape (a Gemm imported as a 1x1 conv between
// reshapes, Flatten).
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-fuse-qdq{report}))" -verify-diagnostics | FileCheck %s
// Everything the fusion writes parses back and verifies:
// RUN: qfold-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(qfold-fuse-qdq))" 2>/dev/null \
// RUN:   | qfold-opt -split-input-file -o /dev/null

//===----------------------------------------------------------------------===//
// add
//===----------------------------------------------------------------------===//

!a = !quant.uniform<u8:f32, 0.1:128>
!b = !quant.uniform<u8:f32, 0.05:3>
!y = !quant.uniform<u8:f32, 0.2:10>

// Operands of different types, a ReLU: the clamp is Y's zero point 10 (the
// upper bound is u8's 255, not printed).
// CHECK-LABEL: func.func @add_relu_u8
// CHECK-NEXT:  %[[S:.*]] = qfold.add %arg0, %arg1 {clamp_min = 10 : i64} : (tensor<1x2x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x2x3x3x!quant.uniform<u8:f32, 5.000000e-02:3>>) -> tensor<1x2x3x3x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  return %[[S]]
func.func @add_relu_u8(%a: tensor<1x2x3x3x!a>, %b: tensor<1x2x3x3x!b>) -> tensor<1x2x3x3x!y> {
  %af = quant.dcast %a : tensor<1x2x3x3x!a> to tensor<1x2x3x3xf32>
  %bf = quant.dcast %b : tensor<1x2x3x3x!b> to tensor<1x2x3x3xf32>
  %s = qfold.add %af, %bf : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %r = qfold.relu %s : tensor<1x2x3x3xf32>
  %q = quant.qcast %r : tensor<1x2x3x3xf32> to tensor<1x2x3x3x!y>
  return %q : tensor<1x2x3x3x!y>
}

// -----

!a = !quant.uniform<i8:f32, 0.1:-5>
!y = !quant.uniform<i8:f32, 0.05:-20>

// ReLU6 into i8, a broadcast operand: [-20 + 0 / 0.05, -20 + 6 / 0.05] =
// [-20, 100].
// CHECK-LABEL: func.func @add_relu6_i8_broadcast
// CHECK-NEXT:  %[[S:.*]] = qfold.add %arg0, %arg1 {clamp_max = 100 : i64, clamp_min = -20 : i64} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 1.000000e-01:-5>>, tensor<1x2x1x1x!quant.uniform<i8:f32, 1.000000e-01:-5>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 5.000000e-02:-20>>
// CHECK-NEXT:  return %[[S]]
func.func @add_relu6_i8_broadcast(%a: tensor<1x2x3x3x!a>, %b: tensor<1x2x1x1x!a>) -> tensor<1x2x3x3x!y> {
  %af = quant.dcast %a : tensor<1x2x3x3x!a> to tensor<1x2x3x3xf32>
  %bf = quant.dcast %b : tensor<1x2x1x1x!a> to tensor<1x2x1x1xf32>
  %s = qfold.add %af, %bf : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %r = qfold.clamp %s {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x3x3xf32>
  %q = quant.qcast %r : tensor<1x2x3x3xf32> to tensor<1x2x3x3x!y>
  return %q : tensor<1x2x3x3x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<i8:f32, 0.1:0>

// u8 operands into i8; the add's own float clamp composes with the ReLU6
// after it: [max(-1, 0), min(2, 6)] = [0, 2] -> [0, 20].
// CHECK-LABEL: func.func @add_u8_into_i8_own_clamp
// CHECK-NEXT:  qfold.add %arg0, %arg1 {clamp_max = 20 : i64, clamp_min = 0 : i64}
// CHECK-SAME:    -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK-NEXT:  return
func.func @add_u8_into_i8_own_clamp(%a: tensor<4x!a>, %b: tensor<4x!a>) -> tensor<4x!y> {
  %af = quant.dcast %a : tensor<4x!a> to tensor<4xf32>
  %bf = quant.dcast %b : tensor<4x!a> to tensor<4xf32>
  %s = qfold.add %af, %bf {clamp_min = -1.0 : f32, clamp_max = 2.0 : f32} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %r = qfold.clamp %s {min = 0.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  %q = quant.qcast %r : tensor<4xf32> to tensor<4x!y>
  return %q : tensor<4x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<u8:f32, 0.2:10>

// x * x reads one dequantize twice: it is erased once.
// CHECK-LABEL: func.func @square
// CHECK-NEXT:  qfold.mul %arg0, %arg0 : (tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>>) -> tensor<4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  return
func.func @square(%a: tensor<4x!a>) -> tensor<4x!y> {
  %af = quant.dcast %a : tensor<4x!a> to tensor<4xf32>
  %m = qfold.mul %af, %af : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %q = quant.qcast %m : tensor<4xf32> to tensor<4x!y>
  return %q : tensor<4x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!b = !quant.uniform<i8:f32, 0.05:3>
!y = !quant.uniform<u8:f32, 0.2:10>

// sub, mul and div fuse as add does (a ReLU after each: clamp_min = 10).
// CHECK-LABEL: func.func @sub_mul_div_relu
// CHECK-NEXT:  qfold.sub %arg0, %arg1 {clamp_min = 10 : i64} : ({{.*}}) -> tensor<4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  qfold.mul %arg0, %arg1 {clamp_min = 10 : i64} : ({{.*}}) -> tensor<4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  qfold.div %arg1, %arg0 {clamp_min = 10 : i64} : ({{.*}}) -> tensor<4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  return
func.func @sub_mul_div_relu(%a: tensor<4x!a>, %b: tensor<4x!b>) -> (tensor<4x!y>, tensor<4x!y>, tensor<4x!y>) {
  %af = quant.dcast %a : tensor<4x!a> to tensor<4xf32>
  %bf = quant.dcast %b : tensor<4x!b> to tensor<4xf32>
  %s = qfold.sub %af, %bf : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %m = qfold.mul %af, %bf : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %d = qfold.div %bf, %af : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %sr = qfold.relu %s : tensor<4xf32>
  %mr = qfold.relu %m : tensor<4xf32>
  %dr = qfold.relu %d : tensor<4xf32>
  %sq = quant.qcast %sr : tensor<4xf32> to tensor<4x!y>
  %mq = quant.qcast %mr : tensor<4xf32> to tensor<4x!y>
  %dq = quant.qcast %dr : tensor<4xf32> to tensor<4x!y>
  return %sq, %mq, %dq : tensor<4x!y>, tensor<4x!y>, tensor<4x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<u8:f32, 0.2:10>

// One operand is a float function argument: left alone.
// CHECK-LABEL: func.func @no_fuse_add_float_operand
// CHECK:       quant.dcast %arg0
// CHECK:       qfold.add %{{.*}}, %arg1 : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
// CHECK:       quant.qcast
func.func @no_fuse_add_float_operand(%a: tensor<1x2x3x3x!a>, %b: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3x!y> {
  %af = quant.dcast %a : tensor<1x2x3x3x!a> to tensor<1x2x3x3xf32>
  %s = qfold.add %af, %b : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: an operand of the add is not dequantized from a per-tensor 8-bit value; the unfused program still runs}}
  %q = quant.qcast %s : tensor<1x2x3x3xf32> to tensor<1x2x3x3x!y>
  return %q : tensor<1x2x3x3x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!p = !quant.uniform<u8:f32:1, {0.1:128, 0.2:128}>
!y = !quant.uniform<u8:f32, 0.2:10>

// One operand is quantized per channel: the quantized add is per tensor
// only, left alone.
// CHECK-LABEL: func.func @no_fuse_add_per_axis_operand
// CHECK:       qfold.add %{{.*}}, %{{.*}} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
// CHECK:       quant.qcast
func.func @no_fuse_add_per_axis_operand(%a: tensor<1x2x3x3x!a>, %b: tensor<1x2x3x3x!p>) -> tensor<1x2x3x3x!y> {
  %af = quant.dcast %a : tensor<1x2x3x3x!a> to tensor<1x2x3x3xf32>
  %bf = quant.dcast %b : tensor<1x2x3x3x!p> to tensor<1x2x3x3xf32>
  %s = qfold.add %af, %bf : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: an operand of the add is not dequantized from a per-tensor 8-bit value; the unfused program still runs}}
  %q = quant.qcast %s : tensor<1x2x3x3xf32> to tensor<1x2x3x3x!y>
  return %q : tensor<1x2x3x3x!y>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<u8:f32, 0.2:10>

// The float sum is also returned: left alone.
// CHECK-LABEL: func.func @no_fuse_add_two_users
// CHECK:       qfold.add %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @no_fuse_add_two_users(%a: tensor<4x!a>, %b: tensor<4x!a>) -> (tensor<4x!y>, tensor<4xf32>) {
  %af = quant.dcast %a : tensor<4x!a> to tensor<4xf32>
  %bf = quant.dcast %b : tensor<4x!a> to tensor<4xf32>
  %s = qfold.add %af, %bf : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: the result has several users; the unfused program still runs}}
  %q = quant.qcast %s : tensor<4xf32> to tensor<4x!y>
  return %q, %s : tensor<4x!y>, tensor<4xf32>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!y = !quant.uniform<u8:f32, 0.2:10>
!z = !quant.uniform<u8:f32, 0.3>

// A residual block as an exporter writes it: DQ(x) feeds the conv and the
// add. The conv fuses first (DQ(x) stays for the add), then the add reads
// the quantized x and the quantized conv result; nothing float is left.
// CHECK-LABEL: func.func @residual_block
// CHECK-NOT:   quant.dcast
// CHECK-NOT:   xf32>
// CHECK:       %[[C:.*]] = qfold.conv2d %arg0, %{{.*}} : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>, {{.*}}) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  %[[S:.*]] = qfold.add %arg0, %[[C]] : (tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<1x2x4x4x!quant.uniform<u8:f32, 2.000000e-01:10>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 3.000000e-01>>
// CHECK-NEXT:  return %[[S]]
func.func @residual_block(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!z> {
  %xf = quant.dcast %x : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %wi = arith.constant dense<[[[[1]], [[2]]], [[[-3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %wq = quant.scast %wi : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  %w = quant.dcast %wq : tensor<2x2x1x1x!w> to tensor<2x2x1x1xf32>
  %c = qfold.conv2d %xf, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %cq = quant.qcast %c : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!y>
  %cf = quant.dcast %cq : tensor<1x2x4x4x!y> to tensor<1x2x4x4xf32>
  %s = qfold.add %xf, %cf : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %r = qfold.relu %s : tensor<1x2x4x4xf32>
  %q = quant.qcast %r : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!z>
  return %q : tensor<1x2x4x4x!z>
}

// -----

//===----------------------------------------------------------------------===//
// max_pool2d
//===----------------------------------------------------------------------===//

!x = !quant.uniform<u8:f32, 0.1:128>

// Same type: the maximum of the stored integers, no requantization.
// CHECK-LABEL: func.func @max_pool_same_type
// CHECK-NEXT:  %[[P:.*]] = qfold.max_pool2d %arg0 {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  return %[[P]]
func.func @max_pool_same_type(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x2x2x!x> {
  %xf = quant.dcast %x : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %p = qfold.max_pool2d %xf {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %q = quant.qcast %p : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!x>
  return %q : tensor<1x2x2x2x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<i8:f32, 0.2:-3>

// Another type: the pool stays in x's type and a clamp without bounds
// requantizes into Y.
// CHECK-LABEL: func.func @max_pool_other_type
// CHECK-NEXT:  %[[P:.*]] = qfold.max_pool2d %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  %[[R:.*]] = qfold.clamp %[[P]] : tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 2.000000e-01:-3>>
// CHECK-NEXT:  return %[[R]]
func.func @max_pool_other_type(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x2x2x!y> {
  %xf = quant.dcast %x : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %p = qfold.max_pool2d %xf {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %q = quant.qcast %p : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  return %q : tensor<1x2x2x2x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>

// An activation between the pool and Q is not part of the pattern.
// CHECK-LABEL: func.func @no_fuse_max_pool_relu
// CHECK:       qfold.max_pool2d %{{.*}} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
// CHECK:       qfold.relu
func.func @no_fuse_max_pool_relu(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x2x2x!x> {
  %xf = quant.dcast %x : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %p = qfold.max_pool2d %xf {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %r = qfold.relu %p : tensor<1x2x2x2xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: an activation follows the pool; the unfused program still runs}}
  %q = quant.qcast %r : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!x>
  return %q : tensor<1x2x2x2x!x>
}

// -----

//===----------------------------------------------------------------------===//
// avg_pool2d
//===----------------------------------------------------------------------===//

!x = !quant.uniform<i8:f32, 0.1:-128>
!y = !quant.uniform<i8:f32, 0.05:-100>

// A global average pool: one window, one count.
// CHECK-LABEL: func.func @avg_pool_global
// CHECK-NEXT:  %[[P:.*]] = qfold.avg_pool2d %arg0 {kernel = array<i64: 7, 7>} : tensor<1x8x7x7x!quant.uniform<i8:f32, 1.000000e-01:-128>> -> tensor<1x8x1x1x!quant.uniform<i8:f32, 5.000000e-02:-100>>
// CHECK-NEXT:  return %[[P]]
func.func @avg_pool_global(%x: tensor<1x8x7x7x!x>) -> tensor<1x8x1x1x!y> {
  %xf = quant.dcast %x : tensor<1x8x7x7x!x> to tensor<1x8x7x7xf32>
  %p = qfold.avg_pool2d %xf {kernel = array<i64: 7, 7>} : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  %q = quant.qcast %p : tensor<1x8x1x1xf32> to tensor<1x8x1x1x!y>
  return %q : tensor<1x8x1x1x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>

// Padding counted (count_include_pad): every window counts 9.
// CHECK-LABEL: func.func @avg_pool_padding_counted
// CHECK-NEXT:  qfold.avg_pool2d %arg0 {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  return
func.func @avg_pool_padding_counted(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!x> {
  %xf = quant.dcast %x : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %p = qfold.avg_pool2d %xf {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %q = quant.qcast %p : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!x>
  return %q : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>

// Padding not counted: corner windows count 4, edge windows 6, inner ones 9;
// one multiplier cannot serve them all, so the float pool stays.
// CHECK-LABEL: func.func @no_fuse_avg_pool_windows_differ
// CHECK:       quant.dcast
// CHECK:       qfold.avg_pool2d %{{.*}} {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32>
// CHECK:       quant.qcast
func.func @no_fuse_avg_pool_windows_differ(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x4x4x!x> {
  %xf = quant.dcast %x : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %p = qfold.avg_pool2d %xf {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: the pool's windows count different numbers of positions; the unfused program still runs}}
  %q = quant.qcast %p : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!x>
  return %q : tensor<1x2x4x4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>

// ceil_mode: the last window of each row and column overhangs the 5 x 5
// input (counts 4, 2 on the last row or column, 1 in the corner).
// CHECK-LABEL: func.func @no_fuse_avg_pool_ceil_overhang
// CHECK:       qfold.avg_pool2d %{{.*}} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
func.func @no_fuse_avg_pool_ceil_overhang(%x: tensor<1x1x5x5x!x>) -> tensor<1x1x3x3x!x> {
  %xf = quant.dcast %x : tensor<1x1x5x5x!x> to tensor<1x1x5x5xf32>
  %p = qfold.avg_pool2d %xf {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: the pool's windows count different numbers of positions; the unfused program still runs}}
  %q = quant.qcast %p : tensor<1x1x3x3xf32> to tensor<1x1x3x3x!x>
  return %q : tensor<1x1x3x3x!x>
}

// -----

//===----------------------------------------------------------------------===//
// Q/DQ through reshapes
//===----------------------------------------------------------------------===//

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25, 0.125, 1.0}>
!b = !quant.uniform<i32:f32:0, {0.1, 0.05, 0.025, 0.2}>
!y = !quant.uniform<u8:f32, 0.2:10>

// A Gemm imported as a 1x1 conv between reshapes: DQ(x) sinks below the
// expand_shape, DQ(w) (per output channel, axis 0 stays dimension 0) below
// the weights' expand_shape, where the reshape of the constant integers
// folds (constant weights, laid out at compile time), Q rises above the
// collapse_shape; the conv then fuses and the reshapes carry quantized
// values. The i32 bias, at twice x_scale * w_scale[o], is requantized:
// [1, 2, 3, 4] -> [2, 4, 6, 8].
// CHECK-LABEL: func.func @gemm_as_conv_between_reshapes
// CHECK:       %[[X:.*]] = tensor.expand_shape %arg0 {{\[\[}}0], [1, 2, 3]] output_shape [1, 512, 1, 1] : tensor<1x512x!quant.uniform<u8:f32, 1.000000e-01:128>> into tensor<1x512x1x1x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NOT:   tensor.expand_shape {{.*}} : tensor<4x512x
// CHECK:       %[[WI:.*]] = arith.constant dense<1> : tensor<4x512x1x1xi8>
// CHECK-NEXT:  %[[W:.*]] = quant.scast %[[WI]] : tensor<4x512x1x1xi8> to tensor<4x512x1x1x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01,1.250000e-01,1.000000e+00}>>
// CHECK-NOT:   tensor.expand_shape {{.*}} : tensor<4x512x
// CHECK:       %[[B:.*]] = arith.constant dense<[2, 4, 6, 8]> : tensor<4xi32>
// CHECK:       %[[C:.*]] = qfold.conv2d %[[X]], %{{.*}}, %[[B]] : ({{.*}}) -> tensor<1x4x1x1x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[C]] {{\[\[}}0], [1, 2, 3]] : tensor<1x4x1x1x!quant.uniform<u8:f32, 2.000000e-01:10>> into tensor<1x4x!quant.uniform<u8:f32, 2.000000e-01:10>>
// CHECK-NEXT:  return %[[R]]
func.func @gemm_as_conv_between_reshapes(%x: tensor<1x512x!x>) -> tensor<1x4x!y> {
  %xf = quant.dcast %x : tensor<1x512x!x> to tensor<1x512xf32>
  %x4 = tensor.expand_shape %xf [[0], [1, 2, 3]] output_shape [1, 512, 1, 1] : tensor<1x512xf32> into tensor<1x512x1x1xf32>
  %wi = arith.constant dense<1> : tensor<4x512xi8>
  %wq = quant.scast %wi : tensor<4x512xi8> to tensor<4x512x!w>
  %wf = quant.dcast %wq : tensor<4x512x!w> to tensor<4x512xf32>
  %w4 = tensor.expand_shape %wf [[0], [1, 2, 3]] output_shape [4, 512, 1, 1] : tensor<4x512xf32> into tensor<4x512x1x1xf32>
  %bi = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %bq = quant.scast %bi : tensor<4xi32> to tensor<4x!b>
  %bf = quant.dcast %bq : tensor<4x!b> to tensor<4xf32>
  %c = qfold.conv2d %x4, %w4, %bf : (tensor<1x512x1x1xf32>, tensor<4x512x1x1xf32>, tensor<4xf32>) -> tensor<1x4x1x1xf32>
  %c2 = tensor.collapse_shape %c [[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
  %q = quant.qcast %c2 : tensor<1x4xf32> to tensor<1x4x!y>
  return %q : tensor<1x4x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.1:-3>

// Flatten between a Q/DQ pair of one type: the collapse of the quantized
// value.
// CHECK-LABEL: func.func @dq_collapse_q
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0], [1, 2, 3]] : tensor<1x8x1x1x!quant.uniform<i8:f32, 1.000000e-01:-3>> into tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01:-3>>
// CHECK-NEXT:  return %[[R]]
func.func @dq_collapse_q(%x: tensor<1x8x1x1x!x>) -> tensor<1x8x!x> {
  %xf = quant.dcast %x : tensor<1x8x1x1x!x> to tensor<1x8x1x1xf32>
  %c = tensor.collapse_shape %xf [[0], [1, 2, 3]] : tensor<1x8x1x1xf32> into tensor<1x8xf32>
  %q = quant.qcast %c : tensor<1x8xf32> to tensor<1x8x!x>
  return %q : tensor<1x8x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>

// The float collapse result is also returned: Q does not move above it, but
// DQ still sinks below it, so the quantized output is the collapse of x and
// the float one its dequantization.
// CHECK-LABEL: func.func @dq_collapse_q_two_users
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %arg0 {{.*}} into tensor<1x8x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT:  %[[F:.*]] = quant.dcast %[[R]]
// CHECK-NEXT:  return %[[R]], %[[F]]
func.func @dq_collapse_q_two_users(%x: tensor<1x8x1x1x!x>) -> (tensor<1x8x!x>, tensor<1x8xf32>) {
  %xf = quant.dcast %x : tensor<1x8x1x1x!x> to tensor<1x8x1x1xf32>
  %c = tensor.collapse_shape %xf [[0], [1, 2, 3]] : tensor<1x8x1x1xf32> into tensor<1x8xf32>
  %q = quant.qcast %c : tensor<1x8xf32> to tensor<1x8x!x>
  return %q, %c : tensor<1x8x!x>, tensor<1x8xf32>
}

// -----

!p = !quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>

// A per-axis DQ moves when its axis stays a dimension of its own (here
// dimension 1 before and after).
// CHECK-LABEL: func.func @per_axis_dq_sinks
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0], [1], [2, 3]] : tensor<1x4x2x2x!quant.uniform<i8:f32:1, {{.*}}>> into tensor<1x4x4x!quant.uniform<i8:f32:1, {{.*}}>>
// CHECK-NEXT:  %[[F:.*]] = quant.dcast %[[R]]
// CHECK-NEXT:  return %[[F]]
func.func @per_axis_dq_sinks(%x: tensor<1x4x2x2x!p>) -> tensor<1x4x4xf32> {
  %xf = quant.dcast %x : tensor<1x4x2x2x!p> to tensor<1x4x2x2xf32>
  %c = tensor.collapse_shape %xf [[0], [1], [2, 3]] : tensor<1x4x2x2xf32> into tensor<1x4x4xf32>
  return %c : tensor<1x4x4xf32>
}

// -----

!p = !quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>

// A per-axis DQ whose axis a collapse merges with another dimension has no
// type after it: not moved.
// CHECK-LABEL: func.func @per_axis_dq_axis_merged
// CHECK-NEXT:  %[[F:.*]] = quant.dcast %arg0
// CHECK-NEXT:  %[[R:.*]] = tensor.collapse_shape %[[F]] {{\[\[}}0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK-NEXT:  return %[[R]]
func.func @per_axis_dq_axis_merged(%x: tensor<2x3x4x!p>) -> tensor<6x4xf32> {
  %xf = quant.dcast %x : tensor<2x3x4x!p> to tensor<2x3x4xf32>
  %c = tensor.collapse_shape %xf [[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
  return %c : tensor<6x4xf32>
}

// -----

!p = !quant.uniform<i8:f32:0, {0.1, 0.2}>

// Likewise an expand that splits the axis.
// CHECK-LABEL: func.func @per_axis_dq_axis_split
// CHECK-NEXT:  %[[F:.*]] = quant.dcast %arg0
// CHECK-NEXT:  tensor.expand_shape %[[F]]
func.func @per_axis_dq_axis_split(%x: tensor<2x3x!p>) -> tensor<1x2x3xf32> {
  %xf = quant.dcast %x : tensor<2x3x!p> to tensor<2x3xf32>
  %c = tensor.expand_shape %xf [[0, 1], [2]] output_shape [1, 2, 3] : tensor<2x3xf32> into tensor<1x2x3xf32>
  return %c : tensor<1x2x3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Q(DQ(x))
//===----------------------------------------------------------------------===//

!x = !quant.uniform<u8:f32, 0.1:128>

// Equal types: x itself.
// CHECK-LABEL: func.func @q_of_dq_equal_types
// CHECK-NEXT:  return %arg0
func.func @q_of_dq_equal_types(%x: tensor<4x!x>) -> tensor<4x!x> {
  %xf = quant.dcast %x : tensor<4x!x> to tensor<4xf32>
  %q = quant.qcast %xf : tensor<4xf32> to tensor<4x!x>
  return %q : tensor<4x!x>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<i8:f32, 0.3:5>

// Different 8-bit types after a quantized op: a requantizing clamp.
// CHECK-LABEL: func.func @q_of_dq_different_types
// CHECK-NEXT:  %[[P:.*]] = qfold.max_pool2d %arg0
// CHECK-NEXT:  %[[R:.*]] = qfold.clamp %[[P]] : tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 3.000000e-01:5>>
// CHECK-NEXT:  return %[[R]]
func.func @q_of_dq_different_types(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x2x2x!y> {
  %p = qfold.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4x!x> -> tensor<1x2x2x2x!x>
  %pf = quant.dcast %p : tensor<1x2x2x2x!x> to tensor<1x2x2x2xf32>
  %q = quant.qcast %pf : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  return %q : tensor<1x2x2x2x!y>
}

// -----

!x = !quant.uniform<i8:f32, 0.1:-3>
!y = !quant.uniform<u8:f32, 0.2:100>

// A Q/DQ pair of different types around Flatten and an expand (a reshape
// round trip): both reshapes carry quantized values and one clamp
// requantizes, moved above them (an elementwise op commutes with a reshape).
// CHECK-LABEL: func.func @q_of_dq_through_reshapes
// CHECK-NEXT:  %[[P:.*]] = qfold.avg_pool2d %arg0
// CHECK-NEXT:  %[[R:.*]] = qfold.clamp %[[P]] : tensor<1x2x1x1x!quant.uniform<i8:f32, 1.000000e-01:-3>> -> tensor<1x2x1x1x!quant.uniform<u8:f32, 2.000000e-01:100>>
// CHECK-NEXT:  %[[C:.*]] = tensor.collapse_shape %[[R]] {{.*}} into tensor<1x2x!quant.uniform<u8:f32, 2.000000e-01:100>>
// CHECK-NEXT:  %[[E:.*]] = tensor.expand_shape %[[C]] {{.*}} into tensor<1x2x1x1x!quant.uniform<u8:f32, 2.000000e-01:100>>
// CHECK-NEXT:  return %[[E]]
func.func @q_of_dq_through_reshapes(%x: tensor<1x2x4x4x!x>) -> tensor<1x2x1x1x!y> {
  %p = qfold.avg_pool2d %x {kernel = array<i64: 4, 4>} : tensor<1x2x4x4x!x> -> tensor<1x2x1x1x!x>
  %pf = quant.dcast %p : tensor<1x2x1x1x!x> to tensor<1x2x1x1xf32>
  %c = tensor.collapse_shape %pf [[0], [1, 2, 3]] : tensor<1x2x1x1xf32> into tensor<1x2xf32>
  %e = tensor.expand_shape %c [[0], [1, 2, 3]] output_shape [1, 2, 1, 1] : tensor<1x2xf32> into tensor<1x2x1x1xf32>
  %q = quant.qcast %e : tensor<1x2x1x1xf32> to tensor<1x2x1x1x!y>
  return %q : tensor<1x2x1x1x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<i16:f32, 0.3:5>

// A 16-bit quantize is no qfold type: the pair stays.
// CHECK-LABEL: func.func @q_of_dq_16_bit_left_alone
// CHECK-NEXT:  quant.dcast
// CHECK-NEXT:  quant.qcast
func.func @q_of_dq_16_bit_left_alone(%x: tensor<4x!x>) -> tensor<4x!y> {
  %xf = quant.dcast %x : tensor<4x!x> to tensor<4xf32>
  // expected-remark @+1 {{Q/DQ fusion left this quantize op alone: the quantize op's type is not a per-tensor 8-bit type; the unfused program still runs}}
  %q = quant.qcast %xf : tensor<4xf32> to tensor<4x!y>
  return %q : tensor<4x!y>
}
