// One case per verifier rule of qfold.add (shared by sub, mul and div, each
// checked at the end), and the div's own rule.
// RUN: qfold-opt %s -split-input-file -verify-diagnostics

func.func @dynamic_shape(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) {
  // expected-error @+1 {{expects static shapes, got 'tensor<?x4xf32>', 'tensor<?x4xf32>' -> 'tensor<?x4xf32>'}}
  %0 = qfold.add %a, %b : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @dynamic_result_shape(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{expects static shapes}}
  %0 = qfold.add %a, %b : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x?xf32>
  return
}

// -----

// No implicit rank broadcasting: the importer aligns the ranks.
func.func @rank_mismatch(%a: tensor<1x4x3x3xf32>, %b: tensor<4x1x1xf32>) {
  // expected-error @+1 {{operands and result must have the same rank, got 4, 3 -> 4}}
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<4x1x1xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @not_broadcastable(%a: tensor<1x4x3x3xf32>, %b: tensor<1x2x3x3xf32>) {
  // expected-error @+1 {{operand shapes [1, 4, 3, 3] and [1, 2, 3, 3] do not broadcast (each dimension must be equal or 1 in one of them)}}
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @result_shape(%a: tensor<1x4x3x3xf32>, %b: tensor<1x4x1x1xf32>) {
  // expected-error @+1 {{result shape [1, 4, 1, 1] is not the broadcast shape of the operands, [1, 4, 3, 3]}}
  %0 = qfold.add %a, %b : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

// The result does not broadcast further than the operands: [2, 1] + [2, 1]
// is [2, 1], not [2, 3].
func.func @result_broadcasts_beyond_operands(%a: tensor<2x1xf32>, %b: tensor<2x1xf32>) {
  // expected-error @+1 {{result shape [2, 3] is not the broadcast shape of the operands, [2, 1]}}
  %0 = qfold.add %a, %b : (tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @mixed_float_lhs(%a: tensor<4xf32>, %b: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{mixed float and quantized operands: the result has element type '!quant.uniform<u8:f32, 1.000000e-01>' but lhs has 'f32'}}
  %0 = qfold.add %a, %b : (tensor<4xf32>, tensor<4x!quant.uniform<u8:f32, 0.1>>) -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @mixed_float_result(%a: tensor<4x!quant.uniform<u8:f32, 0.1>>, %b: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{mixed float and quantized operands: the result has element type 'f32' but lhs has '!quant.uniform<u8:f32, 1.000000e-01>'}}
  %0 = qfold.add %a, %b : (tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.1>>) -> tensor<4xf32>
  return
}

// -----

func.func @unsupported_element(%a: tensor<4xi8>, %b: tensor<4xi8>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or uniform quantized type values}}
  %0 = qfold.add %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return
}

// -----

func.func @requant_mode_on_float(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{requant_mode is only meaningful on the quantized form}}
  %0 = qfold.add %a, %b {requant_mode = #qfold.requant_mode<onnx>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @float_clamp_integer(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{clamp_min must be an f32 value on the float form, got 0 : i64}}
  %0 = qfold.add %a, %b {clamp_min = 0} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
func.func @quantized_clamp_float(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  // expected-error @+1 {{clamp_max must be an integer in the result's storage domain on the quantized form, got 6.000000e+00 : f32}}
  %0 = qfold.add %a, %b {clamp_max = 6.0 : f32} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}

// -----

func.func @clamp_nan(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{clamp bounds must not be NaN}}
  %0 = qfold.add %a, %b {clamp_max = 0x7FC00000 : f32} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @float_clamp_empty(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{clamp_min (6.000000e+00) must be <= clamp_max (0.000000e+00)}}
  %0 = qfold.add %a, %b {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
func.func @quantized_clamp_empty(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  // expected-error @+1 {{clamp_min (200) must be <= clamp_max (100)}}
  %0 = qfold.add %a, %b {clamp_min = 200, clamp_max = 100} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}

// -----

// An absent clamp_max is the storage maximum: 255 < 300 is checked too.
!q = !quant.uniform<u8:f32, 0.1:128>
func.func @quantized_clamp_above_storage(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  // expected-error @+1 {{clamp_min (300) is outside the storage range [0, 255] of the result type}}
  %0 = qfold.add %a, %b {clamp_min = 300} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}

// -----

// The range is the result's storage range, not the operands': -1 fits the
// i8 operands but not the u8 result.
!i = !quant.uniform<i8:f32, 0.1>
!u = !quant.uniform<u8:f32, 0.1:128>
func.func @quantized_clamp_below_result_storage(%a: tensor<4x!i>, %b: tensor<4x!i>) {
  // expected-error @+1 {{clamp_min (-1) is outside the storage range [0, 255] of the result type}}
  %0 = qfold.add %a, %b {clamp_min = -1} : (tensor<4x!i>, tensor<4x!i>) -> tensor<4x!u>
  return
}

// -----

!q = !quant.uniform<i8:f32, 0.1>
func.func @quantized_clamp_max_above_storage(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  // expected-error @+1 {{clamp_max (128) is outside the storage range [-128, 127] of the result type}}
  %0 = qfold.add %a, %b {clamp_max = 128} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!pc = !quant.uniform<u8:f32:0, {0.1:128, 0.2:128}>
func.func @per_axis_operand(%a: tensor<2x4x!q>, %b: tensor<2x4x!pc>) {
  // expected-error @+1 {{rhs must be quantized per tensor, got '!quant.uniform<u8:f32:0, {1.000000e-01:128,2.000000e-01:128}>'}}
  %0 = qfold.add %a, %b : (tensor<2x4x!q>, tensor<2x4x!pc>) -> tensor<2x4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!pc = !quant.uniform<u8:f32:1, {0.1:128, 0.2:128, 0.3:128, 0.4:128}>
func.func @per_axis_result(%a: tensor<2x4x!q>, %b: tensor<2x4x!q>) {
  // expected-error @+1 {{result must be quantized per tensor}}
  %0 = qfold.add %a, %b : (tensor<2x4x!q>, tensor<2x4x!q>) -> tensor<2x4x!pc>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!h = !quant.uniform<u8:f16, 0.1:128>
func.func @expressed_type(%a: tensor<4x!h>, %b: tensor<4x!q>) {
  // expected-error @+1 {{lhs must have an f32 expressed type, got 'f16'}}
  %0 = qfold.add %a, %b : (tensor<4x!h>, tensor<4x!q>) -> tensor<4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!i32 = !quant.uniform<i32:f32, 0.01>
func.func @storage_i32(%a: tensor<4x!q>, %b: tensor<4x!i32>) {
  // expected-error @+1 {{rhs must have i8 or u8 storage, got i32}}
  %0 = qfold.add %a, %b : (tensor<4x!q>, tensor<4x!i32>) -> tensor<4x!q>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
!i16 = !quant.uniform<i16:f32, 0.01>
func.func @storage_i16_result(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  // expected-error @+1 {{result must have i8 or u8 storage, got i16}}
  %0 = qfold.add %a, %b : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!i16>
  return
}

// -----

!q = !quant.uniform<u8:f32, 0.1:128>
func.func @zero_point_outside_storage(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  // expected-error @+1 {{result has zero point 256 outside its storage range [0, 255]}}
  %0 = qfold.add %a, %b : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!quant.uniform<u8:f32, 0.1:256>>
  return
}

// -----

// sub, mul and div share add's verifier.
func.func @sub_not_broadcastable(%a: tensor<1x4xf32>, %b: tensor<1x2xf32>) {
  // expected-error @+1 {{'qfold.sub' op operand shapes [1, 4] and [1, 2] do not broadcast}}
  %0 = qfold.sub %a, %b : (tensor<1x4xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return
}

// -----

func.func @mul_mixed(%a: tensor<4xf32>, %b: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{'qfold.mul' op mixed float and quantized operands}}
  %0 = qfold.mul %a, %b : (tensor<4xf32>, tensor<4x!quant.uniform<u8:f32, 0.1>>) -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @div_clamp_empty(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'qfold.div' op clamp_min (6.000000e+00) must be <= clamp_max (0.000000e+00)}}
  %0 = qfold.div %a, %b {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// TFLite has no int8 Div: the quantized div computes in f32 only.
!q = !quant.uniform<u8:f32, 0.1:128>
func.func @div_tflite(%a: tensor<4x!q>, %b: tensor<4x!q>) {
  // expected-error @+1 {{'qfold.div' op has no TensorFlow Lite integer form: its quantized form computes in f32 (requant_mode = onnx, or no requant_mode)}}
  %0 = qfold.div %a, %b {requant_mode = #qfold.requant_mode<tflite>} : (tensor<4x!q>, tensor<4x!q>) -> tensor<4x!q>
  return
}

// -----

func.func @mul_requant_mode_on_float(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'qfold.mul' op requant_mode is only meaningful on the quantized form}}
  %0 = qfold.mul %a, %b {requant_mode = #qfold.requant_mode<onnx>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
