func.func @relu_unsupported_element(%x: tensor<4xi8>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or uniform quantized type values}}
  %0 = qfold.relu %x : tensor<4xi8>
  return
}
