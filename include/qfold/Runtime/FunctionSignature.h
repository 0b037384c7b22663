//===- FunctionSignature.h - a function's tensor signature ------*- C++ -*-===//
//
// The arguments and results of a qfold function as host tensor dtypes and
// shapes, read from the module before lowering (where element types still
// say u8 or i8). What the JIT runner and the AOT header generator check
// inputs against and declare.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_RUNTIME_FUNCTIONSIGNATURE_H
#define QFOLD_RUNTIME_FUNCTIONSIGNATURE_H

#include "qfold/Tensor/HostTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::qfold {

/// A tensor argument or result: its dtype and shape (ShapedType::kDynamic for
/// a dynamic dimension; only dimension 0, the batch, may be dynamic).
struct TensorSignature {
  DType dtype;
  std::vector<int64_t> shape;

  /// "u8 tensor ?x3x16x16" style description for messages.
  std::string describe() const;
};

struct FunctionSignature {
  std::string name;
  std::vector<TensorSignature> inputs;
  std::vector<TensorSignature> results;
};

/// The signature of function `entry` of `module`, or of its only public
/// function when `entry` is empty. Every argument and result must be a
/// ranked tensor of f32, i8, i32 or an 8-bit `!quant.uniform` type, with at
/// most the batch dimension dynamic.
llvm::Expected<FunctionSignature> getFunctionSignature(ModuleOp module,
                                                       llvm::StringRef entry);

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_FUNCTIONSIGNATURE_H
