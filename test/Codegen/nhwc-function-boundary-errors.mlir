// A public function that the module itself calls cannot take an NHWC
// boundary: the pass says so instead of leaving it NCHW unannounced.
// RUN: qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-nhwc-function-boundary))" -verify-diagnostics

// expected-error @+1 {{cannot give @called an NHWC boundary: it is called from this module}}
func.func @called(%x: tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32> {
  return %x : tensor<1x3x5x6xf32>
}
func.func @caller(%x: tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32> {
  %b = func.call @called(%x) : (tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32>
  return %b : tensor<1x3x5x6xf32>
}
