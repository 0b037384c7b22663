func.func @groups_non_positive(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{groups must be positive, got -1}}
  %0 = qfold.conv2d %x, %w {groups = -1} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
