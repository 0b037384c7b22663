// Scales must be finite and positive. The quant dialect's type parser already
// rejects such types in text; qfold's verifier checks types built in C++.
func.func @non_positive_scale(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, -0.1>>) {
  // expected-error @-1 {{scale -1.000000e-01 out of expressed type range}}
  return
}
