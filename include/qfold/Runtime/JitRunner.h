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

#include "qfold/Runtime/FunctionSignature.h"
#include "qfold/Tensor/HostTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <atomic>
#include <memory>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace mlir::qfold {

/// How JitFunction::create compiles.
struct JitOptions {
  /// The x86 CPU to compile for, an LLVM CPU name (empty: the host). Another
  /// CPU's code runs here to time the code that CPU gets, so the host must
  /// have that CPU's instructions.
  std::string cpu;
  /// Keep the compiled object file, for dumpObject.
  bool keepObject = false;
};

/// A function JIT-compiled for the host CPU, or for another x86 CPU whose
/// instructions the host has.
class JitFunction {
public:
  /// Compiles `llvmModule` (already in the LLVM dialect). An error when
  /// `options.cpu` is unknown or has instruction-set features the host
  /// lacks.
  static llvm::Expected<std::unique_ptr<JitFunction>>
  create(ModuleOp llvmModule, FunctionSignature signature,
         const JitOptions &options = {});
  ~JitFunction();

  const FunctionSignature &getSignature() const { return signature; }

  /// Writes the compiled object file to `path` (to disassemble the code);
  /// the function must have been created with `keepObject`.
  void dumpObject(llvm::StringRef path) const;

  /// Checks the inputs' count, dtypes and shapes against the signature.
  llvm::Error checkInputs(llvm::ArrayRef<HostTensor> inputs) const;

  /// Result tensors of the right shapes for `inputs` (which passed
  /// checkInputs): a dynamic batch dimension takes the inputs' batch size.
  std::vector<HostTensor>
  allocateResults(llvm::ArrayRef<HostTensor> inputs) const;

  /// Calls the function, writing into `results`. Several threads may call
  /// it at once, each with its own tensors.
  llvm::Error call(llvm::ArrayRef<HostTensor> inputs,
                   llvm::MutableArrayRef<HostTensor> results) const;

  /// The OpenMP threads a call of a function compiled with the pipeline's
  /// `parallel` option runs on (set for the call on the calling thread; 0:
  /// the calling thread's OpenMP setting). Defaults to QFOLD_NUM_THREADS.
  void setNumThreads(int threads) { numThreads = threads; }
  int getNumThreads() const { return numThreads; }

private:
  using PackedFunction = void (*)(void **);
  JitFunction(std::unique_ptr<ExecutionEngine> engine, PackedFunction packed,
              FunctionSignature signature);

  std::unique_ptr<ExecutionEngine> engine;
  PackedFunction packed;
  FunctionSignature signature;
  std::atomic<int> numThreads;
};

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_JITRUNNER_H
