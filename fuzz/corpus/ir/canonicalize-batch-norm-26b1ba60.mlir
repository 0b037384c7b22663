// A relu between conv and BN: the relu fuses, and then the BN must not.
func.func @no_fold_bn_after_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %g = arith.constant dense<-2.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.relu %0 : tensor<1x1x2x2xf32>
  %2 = qfold.batch_norm %1, %g, %zero, %zero, %one {epsilon = 0.0 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %2 : tensor<1x1x2x2xf32>
}
