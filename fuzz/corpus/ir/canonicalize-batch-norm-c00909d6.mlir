// An identity BatchNorm (scale / sqrt(var + eps) == 1 and bias == mean * 1)
// folds away on any input.
func.func @identity_folds_away(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %g = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = arith.constant dense<[0.0, 3.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qfold.batch_norm %x, %g, %b, %b, %v {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
