// A transfer_read of all of a tensor that a transfer_write wrote whole is the
// written vector (a shape_cast when the read drops leading unit dimensions:
// the accumulators' start, written 4-D, read 3-D or 2-D); a read of part of
// it is left alone (a splat would be forwarded to any read).
// RUN: qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-tile-and-vectorize-convs))" | FileCheck %s

// CHECK-LABEL: func.func @forward_full_write
// CHECK-SAME:    (%[[V:.*]]: vector<1x2x8xf32>)
// CHECK:         %[[W:.*]] = vector.transfer_write %[[V]]
// CHECK:         %[[ALL:.*]] = vector.shape_cast %[[V]] : vector<1x2x8xf32> to vector<2x8xf32>
// CHECK:         %[[PART:.*]] = vector.transfer_read %[[W]]{{.*}} : tensor<1x2x8xf32>, vector<8xf32>
// CHECK:         return %[[ALL]], %[[PART]]
func.func @forward_full_write(%v: vector<1x2x8xf32>) -> (vector<2x8xf32>, vector<8xf32>) {
  %e = tensor.empty() : tensor<1x2x8xf32>
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %w = vector.transfer_write %v, %e[%c0, %c0, %c0] {in_bounds = [true, true, true]} : vector<1x2x8xf32>, tensor<1x2x8xf32>
  %r = vector.transfer_read %w[%c0, %c0, %c0], %pad {in_bounds = [true, true]} : tensor<1x2x8xf32>, vector<2x8xf32>
  %r2 = vector.transfer_read %w[%c0, %c0, %c0], %pad {in_bounds = [true]} : tensor<1x2x8xf32>, vector<8xf32>
  return %r, %r2 : vector<2x8xf32>, vector<8xf32>
}
