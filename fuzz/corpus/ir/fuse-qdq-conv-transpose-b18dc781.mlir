!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>

func.func @left_alone(%x: tensor<1x2x2x2x!x>, %wr: tensor<2x2x1x2xf32>, %xf32: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) {
  %xf = quant.dcast %x : tensor<1x2x2x2x!x> to tensor<1x2x2x2xf32>
  %wi = arith.constant dense<1> : tensor<2x2x1x2xi8>
  %wq = quant.scast %wi : tensor<2x2x1x2xi8> to tensor<2x2x1x2x!w>
  %wf = quant.dcast %wq : tensor<2x2x1x2x!w> to tensor<2x2x1x2xf32>
  %0 = qfold.conv_transpose2d %xf, %wf : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x2x3xf32>
  %1 = qfold.conv_transpose2d %xf, %wr : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x2x3xf32>
  %2 = qfold.conv_transpose2d %xf32, %wf : (tensor<1x2x2x2xf32>, tensor<2x2x1x2xf32>) -> tensor<1x2x2x3xf32>
  return %0, %1, %2 : tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>
}
