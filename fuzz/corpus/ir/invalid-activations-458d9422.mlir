func.func @relu_storage(%x: tensor<4x!quant.uniform<i16:f32, 0.1>>) {
  // expected-error @+1 {{input must have i8 or u8 storage, got i16}}
  %0 = qfold.relu %x : tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}
