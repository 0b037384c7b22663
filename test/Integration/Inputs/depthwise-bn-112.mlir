func.func @dw(%x: tensor<1x32x112x112xf32>) -> tensor<1x32x112x112xf32> {
  %w = arith.constant dense<0.5> : tensor<32x1x3x3xf32>
  %c = qfold.conv2d %x, %w {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x32x112x112xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x112x112xf32>
  %s = arith.constant dense<1.5> : tensor<32xf32>
  %b = arith.constant dense<0.25> : tensor<32xf32>
  %m = arith.constant dense<0.1> : tensor<32xf32>
  %v = arith.constant dense<2.0> : tensor<32xf32>
  %y = qfold.batch_norm %c, %s, %b, %m, %v : tensor<1x32x112x112xf32>, tensor<32xf32>
  return %y : tensor<1x32x112x112xf32>
}
