func.func @relu_zero_point(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{result has zero point 256 outside its storage range [0, 255]}}
  %0 = qfold.relu %x : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4x!quant.uniform<u8:f32, 0.1:256>>
  return
}
