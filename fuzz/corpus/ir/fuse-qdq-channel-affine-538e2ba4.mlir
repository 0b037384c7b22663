!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

func.func @scale_layer(%x: tensor<1x1x2x2x!x>) -> tensor<1x2x2x2x!y> {
  %xf = quant.dcast %x : tensor<1x1x2x2x!x> to tensor<1x1x2x2xf32>
  %wi = arith.constant dense<[[[[2]]], [[[4]]]]> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %wf = quant.dcast %wq : tensor<2x1x1x1x!w> to tensor<2x1x1x1xf32>
  %s = arith.constant dense<[[[[2.0]], [[-1.0]]]]> : tensor<1x2x1x1xf32>
  %t = arith.constant dense<[[[[0.5]], [[1.0]]]]> : tensor<1x2x1x1xf32>
  %d = arith.constant dense<[[[[4.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %0 = qfold.conv2d %xf, %wf : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.mul %s, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = qfold.add %1, %t : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qfold.div %2, %d : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %q = quant.qcast %3 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  return %q : tensor<1x2x2x2x!y>
}
