func.func @rank(%x: tensor<1x4x4xf32>, %w: tensor<1x1x1x1xf32>) {
  // expected-error @+1 {{operand #0 must be 4D tensor}}
  %0 = qfold.conv2d %x, %w : (tensor<1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  return
}
