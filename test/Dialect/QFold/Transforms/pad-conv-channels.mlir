// RUN: qfold-opt %s --split-input-file --qfold-pad-conv-channels | FileCheck %s

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>
!y = !quant.uniform<u8:f32, 0.2:10>

// Three input channels (an image) become four: the input's fourth channel
// holds its zero point, the filter's is the filter zero point (here 0 and
// 7 per output channel), so w - w_zp = 0 there and the result is the same.
// CHECK-LABEL: func.func @three_channels
// CHECK:       %[[S:.*]] = quant.scast %arg0 : tensor<1x3x5x5x!quant.uniform<u8:f32, 1.000000e-01:128>> to tensor<1x3x5x5xi8>
// CHECK:       %[[P:.*]] = tensor.pad %[[S]] low[0, 0, 0, 0] high[0, 1, 0, 0]
// CHECK:         tensor.yield %c-128_i8 : i8
// CHECK:       } : tensor<1x3x5x5xi8> to tensor<1x4x5x5xi8>
// CHECK:       %[[X:.*]] = quant.scast %[[P]] : tensor<1x4x5x5xi8> to tensor<1x4x5x5x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK:       %[[WC:.*]] = arith.constant dense<{{.*}}1]], {{.*}}2]], {{.*}}3]], {{.*}}0]]], {{.*}}4]], {{.*}}5]], {{.*}}6]], {{.*}}7]]]]> : tensor<2x4x1x1xi8>
// CHECK:       %[[W:.*]] = quant.scast %[[WC]]
// CHECK:       qfold.conv2d %[[X]], %[[W]] {{.*}}: (tensor<1x4x5x5x!quant.uniform<u8:f32, 1.000000e-01:128>>, tensor<2x4x1x1x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01:7}>>) -> tensor<1x2x5x5x
func.func @three_channels(%x: tensor<1x3x5x5x!x>) -> tensor<1x2x5x5x!y> {
  %wi = arith.constant dense<[[[[1]], [[2]], [[3]]], [[[4]], [[5]], [[6]]]]> : tensor<2x3x1x1xi8>
  %w = quant.scast %wi : tensor<2x3x1x1xi8> to tensor<2x3x1x1x!quant.uniform<i8:f32:0, {0.5:0, 0.25:7}>>
  %c = qfold.conv2d %x, %w : (tensor<1x3x5x5x!x>, tensor<2x3x1x1x!quant.uniform<i8:f32:0, {0.5:0, 0.25:7}>>) -> tensor<1x2x5x5x!y>
  return %c : tensor<1x2x5x5x!y>
}

// -----

!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

// Left alone: four channels already; a grouped conv; run-time weights; the
// float form.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:   tensor.pad
// CHECK:       qfold.conv2d %arg0, %{{.*}} : (tensor<1x4x5x5x
// CHECK:       qfold.conv2d %arg1, %{{.*}} {groups = 3 : i64} : (tensor<1x3x5x5x
// CHECK:       qfold.conv2d %arg1, %arg2 : (tensor<1x3x5x5x
// CHECK:       qfold.conv2d %arg3, %{{.*}} : (tensor<1x3x5x5xf32>
func.func @left_alone(%x4: tensor<1x4x5x5x!x>, %x3: tensor<1x3x5x5x!x>, %wr: tensor<2x3x1x1x!w>, %xf: tensor<1x3x5x5xf32>) -> (tensor<1x2x5x5x!y>, tensor<1x3x5x5x!y>, tensor<1x2x5x5x!y>, tensor<1x2x5x5xf32>) {
  %wi4 = arith.constant dense<1> : tensor<2x4x1x1xi8>
  %w4 = quant.scast %wi4 : tensor<2x4x1x1xi8> to tensor<2x4x1x1x!w>
  %a = qfold.conv2d %x4, %w4 : (tensor<1x4x5x5x!x>, tensor<2x4x1x1x!w>) -> tensor<1x2x5x5x!y>
  %wig = arith.constant dense<1> : tensor<3x1x1x1xi8>
  %wg = quant.scast %wig : tensor<3x1x1x1xi8> to tensor<3x1x1x1x!w>
  %b = qfold.conv2d %x3, %wg {groups = 3 : i64} : (tensor<1x3x5x5x!x>, tensor<3x1x1x1x!w>) -> tensor<1x3x5x5x!y>
  %c = qfold.conv2d %x3, %wr : (tensor<1x3x5x5x!x>, tensor<2x3x1x1x!w>) -> tensor<1x2x5x5x!y>
  %wf = arith.constant dense<1.0> : tensor<2x3x1x1xf32>
  %d = qfold.conv2d %xf, %wf : (tensor<1x3x5x5xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x5x5xf32>
  return %a, %b, %c, %d : tensor<1x2x5x5x!y>, tensor<1x3x5x5x!y>, tensor<1x2x5x5x!y>, tensor<1x2x5x5xf32>
}
