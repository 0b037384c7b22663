// The pipeline's cache-bytes (qfold-run/qfold-aot --cache-bytes) reaches the
// tile sizes: a 576 KiB filter takes the channel blocks outermost with a
// 1 MiB cache and keeps the rows outermost with 2 MiB, whatever this host's
// cache.
// RUN: qfold-opt %s --qfold-to-llvm="target-cpu=znver4 cache-bytes=1048576" --mlir-print-ir-after=qfold-tile-and-vectorize-convs -o /dev/null 2>&1 | FileCheck %s --check-prefix=MIB1
// RUN: qfold-opt %s --qfold-to-llvm="target-cpu=znver4 cache-bytes=2097152" --mlir-print-ir-after=qfold-tile-and-vectorize-convs -o /dev/null 2>&1 | FileCheck %s --check-prefix=MIB2
// MIB1-LABEL: func.func @large_filter
// MIB1:         scf.for %{{.*}} = %c0 to %c128 step %c32
// MIB1:           scf.for %{{.*}} = %c0 to %c28 step %c1
// MIB2-LABEL: func.func @large_filter
// MIB2:         scf.for %{{.*}} = %c0 to %c28 step %c1
// MIB2:           scf.for %{{.*}} = %c0 to %c28 step %c14
// MIB2:             scf.for %{{.*}} = %c0 to %c128 step %c32
func.func @large_filter(%x: tensor<1x30x30x128xf32>, %w: tensor<3x3x128x128xf32>) -> tensor<1x28x28x128xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x28x28x128xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x30x30x128xf32>, tensor<3x3x128x128xf32>) outs(%f : tensor<1x28x28x128xf32>) -> tensor<1x28x28x128xf32>
  %e2 = tensor.empty() : tensor<1x28x28x128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x28x28x128xf32>) outs(%e2 : tensor<1x28x28x128xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x28x28x128xf32>
  return %r : tensor<1x28x28x128xf32>
}
