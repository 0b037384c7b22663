// Bad calibration input is a diagnostic at the function, never a crash.
// RUN: not qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-quantize))" 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%t.missing.json}))" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: echo '{"version": 1, "ranges": {"arg0": {"min": 1}}}' > %t.bad.json
// RUN: not qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%t.bad.json}))" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: echo '{"version": 1, "ranges": {"arg0": {"min": 2, "max": 1}}}' > %t.inverted.json
// RUN: not qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%t.inverted.json}))" 2>&1 | FileCheck %s --check-prefix=INVERTED
// RUN: echo 'not json' > %t.notjson.json
// RUN: not qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%t.notjson.json}))" 2>&1 | FileCheck %s --check-prefix=NOTJSON
// RUN: not qfold-opt %s --pass-pipeline="builtin.module(func.func(qfold-quantize{calibration=%S/Inputs/calibration.json activation-type=u4}))" 2>&1 | FileCheck %s --check-prefix=TYPE

// NOFILE:   error: qfold-quantize needs a calibration file
// MISSING:  error: cannot read '{{.*}}missing.json'
// BAD:      error: {{.*}}bad.json: range 'arg0' needs finite "min" <= "max"
// INVERTED: error: {{.*}}inverted.json: range 'arg0' needs finite "min" <= "max"
// NOTJSON:  error: {{.*}}notjson.json: not valid JSON
// TYPE:     error: activation-type must be u8 or i8, got 'u4'
func.func @f(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  %c = qfold.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c : tensor<1x2x2x2xf32>
}
