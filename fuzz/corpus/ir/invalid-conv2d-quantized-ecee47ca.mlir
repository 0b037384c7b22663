func.func @infinite_scale(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0x7F800000>>) {
  // expected-error @-1 {{out of expressed type range}}
  return
}
