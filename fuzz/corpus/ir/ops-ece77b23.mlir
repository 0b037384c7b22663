// Every op round-trips in both forms: printing, re-parsing and printing again
// is identical, and the generic form parses back to the same IR.

!u8 = !quant.uniform<u8:f32, 0.1:128>
!u8r = !quant.uniform<u8:f32, 0.05>
!i8 = !quant.uniform<i8:f32, 0.25:-5>
!wpt = !quant.uniform<i8:f32, 0.5>
!wpc = !quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3, 0.4}>
!wu8 = !quant.uniform<u8:f32:0, {0.1:120, 0.2:130, 0.3:128, 0.4:0}>

func.func @conv_float_defaults(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = qfold.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

func.func @conv_float_all_attributes(%x: tensor<?x4x9x9xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<?x6x4x3xf32> {
  %0 = qfold.conv2d %x, %w, %b {strides = array<i64: 2, 3>, dilations = array<i64: 2, 1>, pads = array<i64: 1, 0, 2, 1>, groups = 2, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<?x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<?x6x4x3xf32>
  return %0 : tensor<?x6x4x3xf32>
}

func.func @conv_depthwise_multiplier(%x: tensor<1x3x5x5xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x5x5xf32> {
  %0 = qfold.conv2d %x, %w {groups = 3, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x5x5xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}

func.func @conv_quantized_per_channel(%x: tensor<1x2x4x4x!u8>, %w: tensor<4x2x3x3x!wpc>, %b: tensor<4xi32>) -> tensor<1x4x2x2x!u8r> {
  %0 = qfold.conv2d %x, %w, %b {clamp_min = 128, clamp_max = 200, requant_mode = #qfold.requant_mode<onnx>} : (tensor<1x2x4x4x!u8>, tensor<4x2x3x3x!wpc>, tensor<4xi32>) -> tensor<1x4x2x2x!u8r>
  return %0 : tensor<1x4x2x2x!u8r>
}

func.func @conv_quantized_per_tensor_i8(%x: tensor<1x2x4x4x!i8>, %w: tensor<4x2x1x1x!wpt>) -> tensor<1x4x4x4x!i8> {
  %0 = qfold.conv2d %x, %w {requant_mode = #qfold.requant_mode<tflite>} : (tensor<1x2x4x4x!i8>, tensor<4x2x1x1x!wpt>) -> tensor<1x4x4x4x!i8>
  return %0 : tensor<1x4x4x4x!i8>
}

func.func @conv_quantized_u8_weights_quant_bias(%x: tensor<1x2x4x4x!u8>, %w: tensor<4x2x1x1x!wu8>, %b: tensor<4x!quant.uniform<i32:f32:0, {0.01, 0.02, 0.03, 0.04}>>) -> tensor<1x4x4x4x!u8> {
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x2x4x4x!u8>, tensor<4x2x1x1x!wu8>, tensor<4x!quant.uniform<i32:f32:0, {0.01, 0.02, 0.03, 0.04}>>) -> tensor<1x4x4x4x!u8>
  return %0 : tensor<1x4x4x4x!u8>
}

func.func @batch_norm(%x: tensor<?x4x2x2xf32>, %y: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> (tensor<?x4x2x2xf32>, tensor<2x4xf32>) {
  %0 = qfold.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32} : tensor<?x4x2x2xf32>, tensor<4xf32>
  %1 = qfold.batch_norm %y, %g, %b, %m, %v : tensor<2x4xf32>, tensor<4xf32>
  return %0, %1 : tensor<?x4x2x2xf32>, tensor<2x4xf32>
}

func.func @activations_float(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qfold.relu %x : tensor<1x4xf32>
  %1 = qfold.clamp %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4xf32>
  %2 = qfold.clamp %1 {min = -1.0 : f32} : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

func.func @activations_quantized(%x: tensor<2x2x!u8>) -> tensor<2x2x!i8> {
  %0 = qfold.relu %x : tensor<2x2x!u8>
  %1 = qfold.relu %0 {requant_mode = #qfold.requant_mode<onnx>} : tensor<2x2x!u8> -> tensor<2x2x!u8r>
  %2 = qfold.clamp %1 {max = 6.0 : f32} : tensor<2x2x!u8r> -> tensor<2x2x!i8>
  return %2 : tensor<2x2x!i8>
}

func.func @conv_integer_form(%x: tensor<1x2x4x4x!u8>, %w: tensor<4x2x1x1x!wu8>) -> tensor<1x4x4x4xi32> {
  %0 = qfold.conv2d %x, %w {clamp_min = -100} : (tensor<1x2x4x4x!u8>, tensor<4x2x1x1x!wu8>) -> tensor<1x4x4x4xi32>
  return %0 : tensor<1x4x4x4xi32>
}
