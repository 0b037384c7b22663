// quant.qcast, quant.dcast and quant.scast lowering. Quantized tensors become
// their signless storage (i8 for u8 and i8). qcast: q = clamp(zp +
// round_half_to_even(x / scale), qmin, qmax), the clamp in f32 with
// maxnumf/minnumf (NaN goes to qmin) before fptosi. dcast: (q - zp) * scale,
// with q extended per its signedness. Per-axis types read their scales and
// zero points from constant tensors indexed by the quantized dimension.
// RUN: qfold-opt %s -split-input-file --convert-qfold-to-linalg | FileCheck %s

// Per-tensor qcast to u8 0.1:128: bounds [0, 255].
// CHECK-DAG:   #[[$ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @qcast_per_tensor
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<2x3xf32>) -> tensor<2x3xi8>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]] : tensor<2x3xf32>) outs(%{{.+}} : tensor<2x3xi8>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: f32, %{{.+}}: i8):
// CHECK-NEXT:      %[[SCALE:.+]] = arith.constant 1.000000e-01 : f32
// CHECK-NEXT:      %[[ZP:.+]] = arith.constant 128 : i32
// CHECK-NEXT:      %[[DIV:.+]] = arith.divf %[[V]], %[[SCALE]] : f32
// CHECK-NEXT:      %[[RND:.+]] = math.roundeven %[[DIV]] : f32
// CHECK-NEXT:      %[[ZPF:.+]] = arith.sitofp %[[ZP]] : i32 to f32
// CHECK-NEXT:      %[[SHIFTED:.+]] = arith.addf %[[RND]], %[[ZPF]] : f32
// CHECK-NEXT:      %[[LO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maxnumf %[[SHIFTED]], %[[LO]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 2.550000e+02 : f32
// CHECK-NEXT:      %[[MIN:.+]] = arith.minnumf %[[MAX]], %[[HI]] : f32
// CHECK-NEXT:      %[[I:.+]] = arith.fptosi %[[MIN]] : f32 to i32
// CHECK-NEXT:      %[[Q:.+]] = arith.trunci %[[I]] : i32 to i8
// CHECK-NEXT:      linalg.yield %[[Q]] : i8
// CHECK:         return %[[R]] : tensor<2x3xi8>
func.func @qcast_per_tensor(%x: tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<u8:f32, 0.1:128>> {
  %0 = quant.qcast %x : tensor<2x3xf32> to tensor<2x3x!quant.uniform<u8:f32, 0.1:128>>
  return %0 : tensor<2x3x!quant.uniform<u8:f32, 0.1:128>>
}

// -----

// A narrow storage range i8<-127:127> clamps to [-127, 127], not -128.
// CHECK-LABEL: func.func @qcast_narrow_range
// CHECK:         linalg.generic
// CHECK:           %[[ZP:.+]] = arith.constant 0 : i32
// CHECK:           math.roundeven
// CHECK:           %[[LO:.+]] = arith.constant -1.270000e+02 : f32
// CHECK-NEXT:      arith.maxnumf %{{.+}}, %[[LO]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 1.270000e+02 : f32
// CHECK-NEXT:      arith.minnumf %{{.+}}, %[[HI]] : f32
// CHECK-NEXT:      arith.fptosi
func.func @qcast_narrow_range(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.1>> {
  %0 = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8<-127:127>:f32, 0.1>>
  return %0 : tensor<4x!quant.uniform<i8<-127:127>:f32, 0.1>>
}

// -----

// Per-tensor dcast from signed i8 0.25:-5: sign extension.
// CHECK-LABEL: func.func @dcast_per_tensor_i8
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<2x3xi8>) -> tensor<2x3xf32>
// CHECK:         %[[R:.+]] = linalg.generic {{.*}} ins(%[[X]] : tensor<2x3xi8>) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: f32):
// CHECK-NEXT:      %[[SCALE:.+]] = arith.constant 2.500000e-01 : f32
// CHECK-NEXT:      %[[ZP:.+]] = arith.constant -5 : i32
// CHECK-NEXT:      %[[EXT:.+]] = arith.extsi %[[V]] : i8 to i32
// CHECK-NEXT:      %[[C:.+]] = arith.subi %[[EXT]], %[[ZP]] : i32
// CHECK-NEXT:      %[[F:.+]] = arith.sitofp %[[C]] : i32 to f32
// CHECK-NEXT:      %[[REAL:.+]] = arith.mulf %[[F]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[REAL]] : f32
// CHECK:         return %[[R]] : tensor<2x3xf32>
func.func @dcast_per_tensor_i8(%x: tensor<2x3x!quant.uniform<i8:f32, 0.25:-5>>) -> tensor<2x3xf32> {
  %0 = quant.dcast %x : tensor<2x3x!quant.uniform<i8:f32, 0.25:-5>> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Per-tensor dcast from u8 0.1:128: the i8 storage is zero-extended.
// CHECK-LABEL: func.func @dcast_per_tensor_u8
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %{{.+}}: f32):
// CHECK-NEXT:      %[[SCALE:.+]] = arith.constant 1.000000e-01 : f32
// CHECK-NEXT:      %[[ZP:.+]] = arith.constant 128 : i32
// CHECK-NEXT:      %[[EXT:.+]] = arith.extui %[[V]] : i8 to i32
// CHECK-NEXT:      %[[C:.+]] = arith.subi %[[EXT]], %[[ZP]] : i32
// CHECK-NEXT:      %[[F:.+]] = arith.sitofp %[[C]] : i32 to f32
// CHECK-NEXT:      %[[REAL:.+]] = arith.mulf %[[F]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[REAL]] : f32
func.func @dcast_per_tensor_u8(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4xf32> {
  %0 = quant.dcast %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>> to tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Per-axis qcast along dimension 1 of a 2x3 tensor: the scales and zero
// points are 3-element constants read through (d0, d1) -> (d1).
// CHECK-DAG:   #[[$ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$AX1:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @qcast_per_axis
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<2x3xf32>) -> tensor<2x3xi8>
// CHECK-DAG:     %[[SCALES:.+]] = arith.constant dense<[5.000000e-01, 2.500000e-01, 1.250000e-01]> : tensor<3xf32>
// CHECK-DAG:     %[[ZPS:.+]] = arith.constant dense<[0, 3, -7]> : tensor<3xi32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$AX1]], #[[$AX1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[SCALES]], %[[ZPS]] : tensor<2x3xf32>, tensor<3xf32>, tensor<3xi32>) outs(%{{.+}} : tensor<2x3xi8>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: f32, %[[S:.+]]: f32, %[[Z:.+]]: i32, %{{.+}}: i8):
// CHECK-NEXT:      %[[DIV:.+]] = arith.divf %[[V]], %[[S]] : f32
// CHECK-NEXT:      %[[RND:.+]] = math.roundeven %[[DIV]] : f32
// CHECK-NEXT:      %[[ZF:.+]] = arith.sitofp %[[Z]] : i32 to f32
// CHECK-NEXT:      %[[SHIFTED:.+]] = arith.addf %[[RND]], %[[ZF]] : f32
// CHECK-NEXT:      %[[LO:.+]] = arith.constant -1.280000e+02 : f32
// CHECK-NEXT:      %[[MAX:.+]] = arith.maxnumf %[[SHIFTED]], %[[LO]] : f32
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 1.270000e+02 : f32
// CHECK-NEXT:      %[[MIN:.+]] = arith.minnumf %[[MAX]], %[[HI]] : f32
// CHECK-NEXT:      %[[I:.+]] = arith.fptosi %[[MIN]] : f32 to i32
// CHECK-NEXT:      %[[Q:.+]] = arith.trunci %[[I]] : i32 to i8
// CHECK-NEXT:      linalg.yield %[[Q]] : i8
// CHECK:         return %[[R]] : tensor<2x3xi8>
func.func @qcast_per_axis(%x: tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25:3, 0.125:-7}>> {
  %0 = quant.qcast %x : tensor<2x3xf32> to tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25:3, 0.125:-7}>>
  return %0 : tensor<2x3x!quant.uniform<i8:f32:1, {0.5, 0.25:3, 0.125:-7}>>
}

// -----

// Per-axis dcast along dimension 0 from u8: (d0, d1) -> (d0), zero
// extension, per-channel zero points [128, 100] and scales [0.5, 0.25].
// CHECK-DAG:   #[[$ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$AX0:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @dcast_per_axis
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<2x3xi8>) -> tensor<2x3xf32>
// CHECK-DAG:     %[[SCALES:.+]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK-DAG:     %[[ZPS:.+]] = arith.constant dense<[128, 100]> : tensor<2xi32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$AX0]], #[[$AX0]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[SCALES]], %[[ZPS]] : tensor<2x3xi8>, tensor<2xf32>, tensor<2xi32>) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: i8, %[[S:.+]]: f32, %[[Z:.+]]: i32, %{{.+}}: f32):
// CHECK-NEXT:      %[[EXT:.+]] = arith.extui %[[V]] : i8 to i32
// CHECK-NEXT:      %[[C:.+]] = arith.subi %[[EXT]], %[[Z]] : i32
// CHECK-NEXT:      %[[F:.+]] = arith.sitofp %[[C]] : i32 to f32
// CHECK-NEXT:      %[[REAL:.+]] = arith.mulf %[[F]], %[[S]] : f32
// CHECK-NEXT:      linalg.yield %[[REAL]] : f32
// CHECK:         return %[[R]] : tensor<2x3xf32>
func.func @dcast_per_axis(%x: tensor<2x3x!quant.uniform<u8:f32:0, {0.5:128, 0.25:100}>>) -> tensor<2x3xf32> {
  %0 = quant.dcast %x : tensor<2x3x!quant.uniform<u8:f32:0, {0.5:128, 0.25:100}>> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 0.1:128>

// quant.scast between the storage type and the quantized type is the
// identity on the converted storage: both scasts vanish and the relu reads
// the function argument directly.
// CHECK-LABEL: func.func @scast_is_identity
// CHECK-SAME:    (%[[X:[0-9a-zA-Z_]+]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK-NOT:     quant.scast
// CHECK:         %[[R:.+]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xi8>)
// CHECK-NOT:     quant.scast
// CHECK:         return %[[R]] : tensor<4xi8>
func.func @scast_is_identity(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = quant.scast %x : tensor<4xi8> to tensor<4x!u8>
  %1 = qfold.relu %0 : tensor<4x!u8>
  %2 = quant.scast %1 : tensor<4x!u8> to tensor<4xi8>
  return %2 : tensor<4xi8>
}
