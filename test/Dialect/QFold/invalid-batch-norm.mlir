// One case per batch_norm verifier rule.
// RUN: qfold-opt %s -split-input-file -verify-diagnostics

func.func @rank_one(%x: tensor<4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{input must have rank >= 2 (N x C x ...), got rank 1}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @dynamic_channels(%x: tensor<1x?x2x2xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{the channel dimension (1) of the input must be static}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<1x?x2x2xf32>, tensor<4xf32>
  return
}

// -----

func.func @dynamic_params(%x: tensor<1x4x2x2xf32>, %p: tensor<?xf32>) {
  // expected-error @+1 {{scale, bias, mean and variance must have a static shape, got 'tensor<?xf32>'}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<1x4x2x2xf32>, tensor<?xf32>
  return
}

// -----

func.func @param_count(%x: tensor<1x4x2x2xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{scale, bias, mean and variance have 3 elements, expected one per channel (4)}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<1x4x2x2xf32>, tensor<3xf32>
  return
}

// -----

func.func @mismatched_param_types(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>, %q: tensor<3xf32>) {
  // expected-error @+1 {{failed to verify that all of {scale, bias, mean, variance} have same type}}
  %0 = "qfold.batch_norm"(%x, %p, %p, %p, %q) : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @negative_epsilon(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{epsilon must be finite and >= 0, got -1.000000e-05}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-5 : f32} : tensor<1x4x2x2xf32>, tensor<4xf32>
  return
}

// -----

func.func @quantized_input(%x: tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1>>, %p: tensor<4xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = "qfold.batch_norm"(%x, %p, %p, %p, %p) : (tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @variance_plus_epsilon_zero(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  // expected-error @+1 {{variance + epsilon must be > 0, but channel 1 has 0 + 0 = 0}}
  %0 = qfold.batch_norm %x, %g, %b, %b, %v {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}

// -----

func.func @variance_plus_epsilon_negative(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<[-0.5, 1.0]> : tensor<2xf32>
  // expected-error @+1 {{variance + epsilon must be > 0, but channel 0 has -0.5 + 0.25 = -0.25}}
  %0 = qfold.batch_norm %x, %g, %b, %b, %v {epsilon = 0.25 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}

// -----

func.func @nan_scale(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<[1.0, 0x7FC00000]> : tensor<2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{scale of channel 1 is not finite (nan)}}
  %0 = qfold.batch_norm %x, %g, %b, %b, %v : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}

// -----

func.func @inf_mean(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  %m = arith.constant dense<[0.0, 0xFF800000]> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{mean of channel 1 is not finite (-inf)}}
  %0 = qfold.batch_norm %x, %g, %b, %m, %v : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}

// -----

func.func @inf_bias(%x: tensor<1x2x2x2xf32>) {
  %g = arith.constant dense<1.0> : tensor<2xf32>
  %b = arith.constant dense<0x7F800000> : tensor<2xf32>
  %v = arith.constant dense<1.0> : tensor<2xf32>
  // expected-error @+1 {{bias of channel 0 is not finite (inf)}}
  %0 = qfold.batch_norm %x, %g, %b, %g, %v : tensor<1x2x2x2xf32>, tensor<2xf32>
  return
}
