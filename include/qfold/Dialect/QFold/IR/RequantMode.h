//===- RequantMode.h - the requantization mode as an option -----*- C++ -*-===//
//
// The command-line spelling of RequantMode: the one list of values and help
// texts that every option of that type uses (the conversion pass, the
// qfold-to-llvm pipeline, qfold-run and qfold-aot).
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_REQUANTMODE_H
#define QFOLD_DIALECT_QFOLD_IR_REQUANTMODE_H

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"

#include "llvm/Support/CommandLine.h"

namespace mlir::qfold {

/// `tflite` and `onnx`, for `llvm::cl` and MLIR pass options.
inline llvm::cl::ValuesClass requantModeValues() {
  return llvm::cl::values(
      clEnumValN(RequantMode::tflite, "tflite",
                 "Q31 fixed-point multiplier and shift (TFLite)"),
      clEnumValN(RequantMode::onnx, "onnx",
                 "f32 multiplier, round half to even (ONNX)"));
}

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_REQUANTMODE_H
