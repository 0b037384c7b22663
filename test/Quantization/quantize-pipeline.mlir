// The qfold-to-llvm pipeline with a calibration table quantizes after
// folding: the BN+ReLU fold into the float conv, the conv is quantized, and
// the result lowers to an integer kernel. Folded weights: 2 * 1.0 and
// 1 * -0.5, each its channel's maximum, so [127, -127] (stored OHWI);
// folded bias [0.5, -1.0] at 0.01 * [2/127, 0.5/127] = [3175, -25400], plus
// 128 * sum(w) from running the u8 input as i8 = [19431, -41656].
// RUN: qfold-opt %s --pass-pipeline="builtin.module(qfold-to-llvm{calibration=%S/Inputs/calibration.json vectorize=false})" | FileCheck %s
// The ranges are of the folded program, so a calibration implies folding.
// RUN: qfold-opt %s --pass-pipeline="builtin.module(qfold-to-llvm{calibration=%S/Inputs/calibration.json fold=false vectorize=false})" | FileCheck %s
// RUN: qfold-opt %s --pass-pipeline="builtin.module(qfold-fold, func.func(qfold-quantize{calibration=%S/Inputs/calibration.json}))" | FileCheck %s --check-prefix=IR

// IR-LABEL: func.func @conv_bn_relu
// IR:       quant.qcast %arg0
// IR:       qfold.conv2d {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.019999999999999997>>
// IR-NOT:   qfold.batch_norm
// IR-NOT:   qfold.relu
// CHECK-NOT:   quant.
// CHECK-DAG:   llvm.mlir.global private constant @{{.*}}(dense<{{\[\[\[\[}}127, -127]]]]> : tensor<1x1x1x2xi8>)
// CHECK-DAG:   llvm.mlir.global private constant @{{.*}}(dense<[19431, -41656]> : tensor<2xi32>)
// CHECK:       llvm.func @conv_bn_relu
// CHECK-NOT:   quant.
func.func @conv_bn_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  %g = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %m = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %v = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %bn = qfold.batch_norm %c, %g, %beta, %m, %v {epsilon = 0.0 : f32} : tensor<1x2x2x2xf32>, tensor<2xf32>
  %r = qfold.relu %bn : tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}
