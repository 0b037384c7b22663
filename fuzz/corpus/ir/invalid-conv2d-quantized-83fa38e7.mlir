func.func @integer_result_on_float(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type 'f32' but result has 'i32'}}
  %0 = qfold.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xi32>
  return
}
