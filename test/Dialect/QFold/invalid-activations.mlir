// One case per relu/clamp verifier rule.
// RUN: qfold-opt %s -split-input-file -verify-diagnostics

func.func @relu_mixed(%x: tensor<4xf32>) {
  // expected-error @+1 {{mixed float and quantized operands: input has element type 'f32' but result has '!quant.uniform<u8:f32, 1.000000e-01>'}}
  %0 = qfold.relu %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @relu_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{requires the same shape for all operands and results}}
  %0 = qfold.relu %x : tensor<4xf32> -> tensor<5xf32>
  return
}

// -----

func.func @relu_unsupported_element(%x: tensor<4xi8>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or uniform quantized type values}}
  %0 = qfold.relu %x : tensor<4xi8>
  return
}

// -----

func.func @relu_per_axis(%x: tensor<4x!quant.uniform<u8:f32:0, {0.1, 0.1, 0.1, 0.1}>>) {
  // expected-error @+1 {{quantized operands must be quantized per tensor}}
  %0 = qfold.relu %x : tensor<4x!quant.uniform<u8:f32:0, {0.1, 0.1, 0.1, 0.1}>>
  return
}

// -----

func.func @relu_storage(%x: tensor<4x!quant.uniform<i16:f32, 0.1>>) {
  // expected-error @+1 {{input must have i8 or u8 storage, got i16}}
  %0 = qfold.relu %x : tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}

// -----

func.func @relu_zero_point(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{result has zero point 256 outside its storage range [0, 255]}}
  %0 = qfold.relu %x : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4x!quant.uniform<u8:f32, 0.1:256>>
  return
}

// -----

func.func @relu_requant_mode_on_float(%x: tensor<4xf32>) {
  // expected-error @+1 {{requant_mode is only meaningful on the quantized form}}
  %0 = qfold.relu %x {requant_mode = #qfold.requant_mode<tflite>} : tensor<4xf32>
  return
}

// -----

func.func @clamp_empty(%x: tensor<4xf32>) {
  // expected-error @+1 {{min (6.000000e+00) must be <= max (0.000000e+00)}}
  %0 = qfold.clamp %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return
}

// -----

func.func @clamp_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{min and max must not be NaN}}
  %0 = qfold.clamp %x {min = 0x7FC00000 : f32} : tensor<4xf32>
  return
}

// -----

func.func @clamp_mixed(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{mixed float and quantized operands}}
  %0 = qfold.clamp %x {max = 6.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4xf32>
  return
}

// -----

func.func @clamp_expressed_type(%x: tensor<4x!quant.uniform<u8:bf16, 0.1>>) {
  // expected-error @+1 {{input must have an f32 expressed type, got 'bf16'}}
  %0 = qfold.clamp %x {max = 6.0 : f32} : tensor<4x!quant.uniform<u8:bf16, 0.1>>
  return
}

// -----

func.func @clamp_bound_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'max' failed to satisfy constraint: 32-bit float attribute}}
  %0 = qfold.clamp %x {max = 6 : i32} : tensor<4xf32>
  return
}
