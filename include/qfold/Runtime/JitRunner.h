//===- JitRunner.h - JIT-compile and call a qfold function ------*- C++ -*-===//
//
// Calls a function of a module lowered by the qfold-to-llvm pipeline through
// mlir::ExecutionEngine, with HostTensors as arguments and results. The
// signature is taken from the module before lowering, where the element
// types still say u8 or i8.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_RUNTIME_JITRUNNER_H
#define QFOLD_RUNTIME_JITRUNNER_H

#include "qfold/Runtime/HostTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

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

/// A function JIT-compiled for the host CPU.
class JitFunction {
public:
  /// Compiles `llvmModule` (already in the LLVM dialect).
  static llvm::Expected<std::unique_ptr<JitFunction>>
  create(ModuleOp llvmModule, FunctionSignature signature);
  ~JitFunction();

  const FunctionSignature &getSignature() const { return signature; }

  /// Checks the inputs' count, dtypes and shapes against the signature.
  llvm::Error checkInputs(llvm::ArrayRef<HostTensor> inputs) const;

  /// Result tensors of the right shapes for `inputs` (which passed
  /// checkInputs): a dynamic batch dimension takes the inputs' batch size.
  std::vector<HostTensor>
  allocateResults(llvm::ArrayRef<HostTensor> inputs) const;

  /// Calls the function, writing into `results`.
  llvm::Error call(llvm::ArrayRef<HostTensor> inputs,
                   llvm::MutableArrayRef<HostTensor> results);

private:
  JitFunction(std::unique_ptr<ExecutionEngine> engine,
              FunctionSignature signature);

  std::unique_ptr<ExecutionEngine> engine;
  FunctionSignature signature;
};

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_JITRUNNER_H
