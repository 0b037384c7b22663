func.func @bias_size(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{bias has 3 elements, expected one per output channel (2)}}
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<3xf32>) -> tensor<1x2x4x4xf32>
  return
}
