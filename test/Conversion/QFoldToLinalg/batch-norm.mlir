// qfold.batch_norm lowering: y = (x - mean) * scale + beta with the
// per-channel scale = gamma / sqrt(var + epsilon), computed once per channel
// (a 1-D linalg.generic, or a constant when the statistics are constants),
// then one elementwise linalg.generic over x that reads the statistics
// through the channel (dimension 1) map.
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg | FileCheck %s

// NCHW input with run-time statistics and epsilon 1e-3.
// CHECK-DAG:   #[[$ID1:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[$ID4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$CH:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_nchw
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x2x4x4xf32>, %[[G:[0-9a-zA-Z_]+]]: tensor<2xf32>, %[[B:[0-9a-zA-Z_]+]]: tensor<2xf32>, %[[M:[0-9a-zA-Z_]+]]: tensor<2xf32>, %[[V:[0-9a-zA-Z_]+]]: tensor<2xf32>)
// CHECK:         %[[EPS:.+]] = arith.constant 1.000000e-03 : f32
// CHECK:         %[[SCALE:.+]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[G]], %[[V]] : tensor<2xf32>, tensor<2xf32>) outs(%{{.+}} : tensor<2xf32>)
// CHECK-NEXT:    ^bb0(%[[GV:.+]]: f32, %[[VV:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[VE:.+]] = arith.addf %[[VV]], %[[EPS]] : f32
// CHECK-NEXT:      %[[SD:.+]] = math.sqrt %[[VE]] : f32
// CHECK-NEXT:      %[[S:.+]] = arith.divf %[[GV]], %[[SD]] : f32
// CHECK-NEXT:      linalg.yield %[[S]] : f32
// CHECK:         %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$CH]], #[[$CH]], #[[$CH]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[M]], %[[SCALE]], %[[B]] : tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) outs(%{{.+}} : tensor<1x2x4x4xf32>)
// CHECK-NEXT:    ^bb0(%[[XV:.+]]: f32, %[[MV:.+]]: f32, %[[SV:.+]]: f32, %[[BV:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT:      %[[C:.+]] = arith.subf %[[XV]], %[[MV]] : f32
// CHECK-NEXT:      %[[P:.+]] = arith.mulf %[[C]], %[[SV]] : f32
// CHECK-NEXT:      %[[R:.+]] = arith.addf %[[P]], %[[BV]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[Y]] : tensor<1x2x4x4xf32>
func.func @batch_norm_nchw(%x: tensor<1x2x4x4xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %0 = qfold.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32} : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A 2-D [N, C] input with a dynamic batch and the default epsilon 1e-5 (its
// f32 value prints as 9.99999974E-6): the channel is still dimension 1 and
// the output is sized with tensor.dim.
// CHECK-DAG:   #[[$ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$CH2:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @batch_norm_2d_dynamic_default_epsilon
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<?x4xf32>, %[[G:[0-9a-zA-Z_]+]]: tensor<4xf32>, %[[B:[0-9a-zA-Z_]+]]: tensor<4xf32>, %[[M:[0-9a-zA-Z_]+]]: tensor<4xf32>, %[[V:[0-9a-zA-Z_]+]]: tensor<4xf32>)
// CHECK:         %[[EPS:.+]] = arith.constant 9.99999974E-6 : f32
// CHECK:         %[[SCALE:.+]] = linalg.generic {{.*}} ins(%[[G]], %[[V]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:           arith.addf %{{.+}}, %[[EPS]] : f32
// CHECK-NEXT:      math.sqrt
// CHECK-NEXT:      arith.divf
// CHECK:         %[[N:.+]] = tensor.dim %[[X]], %{{.+}} : tensor<?x4xf32>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK:         %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$CH2]], #[[$CH2]], #[[$CH2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[M]], %[[SCALE]], %[[B]] : tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) outs(%[[INIT]] : tensor<?x4xf32>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.subf
// CHECK-NEXT:      arith.mulf
// CHECK-NEXT:      arith.addf
// CHECK-NEXT:      linalg.yield
// CHECK:         return %[[Y]] : tensor<?x4xf32>
func.func @batch_norm_2d_dynamic_default_epsilon(%x: tensor<?x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = qfold.batch_norm %x, %g, %b, %m, %v : tensor<?x4xf32>, tensor<4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Constant gamma and variance: the scale is folded at compile time,
// [1 / sqrt(4 + 0), 3 / sqrt(9 + 0)] = [0.5, 1.0], and no sqrt is emitted; only
// the elementwise linalg.generic remains.
// CHECK-LABEL: func.func @batch_norm_constant_statistics
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<1x2x3xf32>)
// CHECK-DAG:     %[[BETA:.+]] = arith.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-DAG:     %[[MEAN:.+]] = arith.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[SCALE:.+]] = arith.constant dense<[5.000000e-01, 1.000000e+00]> : tensor<2xf32>
// CHECK-NOT:     math.sqrt
// CHECK:         %[[Y:.+]] = linalg.generic
// CHECK-SAME:      ins(%[[X]], %[[MEAN]], %[[SCALE]], %[[BETA]] : tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) outs(%{{.+}} : tensor<1x2x3xf32>)
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.subf
// CHECK-NEXT:      arith.mulf
// CHECK-NEXT:      arith.addf
// CHECK-NEXT:      linalg.yield
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[Y]] : tensor<1x2x3xf32>
func.func @batch_norm_constant_statistics(%x: tensor<1x2x3xf32>) -> tensor<1x2x3xf32> {
  %g = arith.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %m = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %v = arith.constant dense<[4.0, 9.0]> : tensor<2xf32>
  %0 = qfold.batch_norm %x, %g, %b, %m, %v {epsilon = 0.0 : f32} : tensor<1x2x3xf32>, tensor<2xf32>
  return %0 : tensor<1x2x3xf32>
}
