!x = !quant.uniform<u8:f32, 0.1:128>
!w = !quant.uniform<i8:f32, 0.5>

// BatchNorm never folds into a quantized conv; a quantized result cannot feed
// qfold.batch_norm directly, so the fold is only offered after a dequantize.
func.func @no_bn_fold_quantized(%x: tensor<1x2x4x4x!x>, %w: tensor<2x2x1x1x!w>, %p: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %0 = qfold.conv2d %x, %w : (tensor<1x2x4x4x!x>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!x>
  %1 = quant.dcast %0 : tensor<1x2x4x4x!x> to tensor<1x2x4x4xf32>
  %2 = qfold.batch_norm %1, %p, %p, %p, %p : tensor<1x2x4x4xf32>, tensor<2xf32>
  return %2 : tensor<1x2x4x4xf32>
}
