// Weights passed as arguments (QAT graphs): the same formulas as tensor ops.
func.func @fold_non_constant_filter(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>, %g: tensor<3xf32>, %beta: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qfold.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %1 = qfold.batch_norm %0, %g, %beta, %m, %v {epsilon = 1.0e-3 : f32} : tensor<1x3x4x4xf32>, tensor<3xf32>
  return %1 : tensor<1x3x4x4xf32>
}
