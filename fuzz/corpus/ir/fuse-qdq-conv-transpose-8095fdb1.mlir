!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:1, {0.5, 0.25}>
!y = !quant.uniform<u8:f32, 0.2:10>

func.func @spread_transpose_flip(%x: tensor<1x2x2x2x!x>) -> tensor<1x4x3x4x!y> {
  %xf = quant.dcast %x : tensor<1x2x2x2x!x> to tensor<1x2x2x2xf32>
  %wi = arith.constant dense<[[[[1, 2]], [[3, 4]]], [[[5, 6]], [[7, 8]]]]> : tensor<2x2x1x2xi8>
  %wq = quant.scast %wi : tensor<2x2x1x2xi8> to tensor<2x2x1x2x!w>
  %wf = quant.dcast %wq : tensor<2x2x1x2x!w> to tensor<2x2x1x2xf32>
  %0 = qfold.conv_transpose2d %xf, %wf {strides = array<i64: 2, 2>, groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x4x3x4xf32>
  %q = quant.qcast %0 : tensor<1x4x3x4xf32> to tensor<1x4x3x4x!y>
  return %q : tensor<1x4x3x4x!y>
}
