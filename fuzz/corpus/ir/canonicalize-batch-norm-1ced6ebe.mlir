// Computed in double and rounded once (reference computed with Python floats):
// s = f32(0.7) / sqrt(f32(0.013) + f32(1e-5)) = 6.137046018...,
// w' = f32(s * f32(0.1)) = 0.613704621 (bits 0x3f1d1bbf),
// b' = f32(s * (f32(0.3) - f32(0.11)) + f32(-0.2)) = 0.966038823; evaluating
// the same formula step by step in f32 would give 0.966038883.
func.func @fold_rounds_once(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<0.1> : tensor<1x1x1x1xf32>
  %b = arith.constant dense<0.3> : tensor<1xf32>
  %g = arith.constant dense<0.7> : tensor<1xf32>
  %beta = arith.constant dense<-0.2> : tensor<1xf32>
  %m = arith.constant dense<0.11> : tensor<1xf32>
  %v = arith.constant dense<0.013> : tensor<1xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0e-5 : f32} : tensor<1x1x2x2xf32>, tensor<1xf32>
  return %1 : tensor<1x1x2x2xf32>
}
