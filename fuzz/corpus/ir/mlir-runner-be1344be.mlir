// The qfold-to-llvm output runs with the upstream mlir-runner and runner
// utils. Expected values computed by hand: channel 0 adds the diagonal pairs
// plus 0.5, channel 1 sums each 2x2 window minus 10, then ReLU.

func.func @conv(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0, 0.0], [0.0, 1.0]]], [[[1.0, 1.0], [1.0, 1.0]]]]> : tensor<2x1x2x2xf32>
  %b = arith.constant dense<[0.5, -15.0]> : tensor<2xf32>
  %0 = qfold.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qfold.relu %0 : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %x = arith.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]]> : tensor<1x1x3x3xf32>
  %0 = call @conv(%x) : (tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  %u = tensor.cast %0 : tensor<1x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
