!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>
!y = !quant.uniform<u8:f32, 0.2:10>

func.func @left_alone(%x: tensor<1x1x2x2x!x>, %xf32: tensor<1x1x2x2xf32>, %wr: tensor<2x1x1x1xf32>) -> (tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2xf32>) {
  %xf = quant.dcast %x : tensor<1x1x2x2x!x> to tensor<1x1x2x2xf32>
  %wi = arith.constant dense<2> : tensor<2x1x1x1xi8>
  %wq = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!w>
  %wf = quant.dcast %wq : tensor<2x1x1x1x!w> to tensor<2x1x1x1xf32>
  %s = arith.constant dense<2.0> : tensor<1x2x1x1xf32>
  %sp = arith.constant dense<2.0> : tensor<1x2x2x2xf32>
  %0 = qfold.conv2d %xf, %wr : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.mul %0, %s : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = qfold.conv2d %xf, %wf : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qfold.mul %2, %sp : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %4 = qfold.conv2d %xf, %wf : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %5 = qfold.mul %4, %s : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %q1 = quant.qcast %1 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  %q3 = quant.qcast %3 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  %q5 = quant.qcast %5 : tensor<1x2x2x2xf32> to tensor<1x2x2x2x!y>
  return %q1, %q3, %q5, %4 : tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2x!y>, tensor<1x2x2x2xf32>
}
