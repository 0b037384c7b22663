//===- NhwcFunctionBoundary.cpp - NHWC arguments and results --------------===//
//
// qfold computes convolutions in NHWC and transposes at the function's NCHW
// boundary. A runtime that keeps its activations NHWC (as TFLite and oneDNN's
// NHWC primitives do) pays for those transposes twice; this pass lets the
// function take and return NHWC tensors instead.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_NHWCFUNCTIONBOUNDARY
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

constexpr int64_t kToNhwc[] = {0, 2, 3, 1};
constexpr int64_t kToNchw[] = {0, 3, 1, 2};

bool isTranspose(Operation *op, ArrayRef<int64_t> permutation) {
  auto transpose = dyn_cast_or_null<linalg::TransposeOp>(op);
  return transpose && transpose.getPermutation() == permutation;
}

struct NhwcFunctionBoundaryPass
    : qfold::impl::NhwcFunctionBoundaryBase<NhwcFunctionBoundaryPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Only entry points: a function other code calls keeps its signature.
    if (func.isExternal() || func.isPrivate() ||
        !SymbolTable::symbolKnownUseEmpty(func, func->getParentOp()))
      return;
    Block &entry = func.getBody().front();
    SmallVector<Type> inputs(func.getArgumentTypes());
    for (BlockArgument arg : entry.getArguments()) {
      // Every use must be the NCHW -> NHWC transpose reading the argument.
      if (arg.use_empty() || !llvm::all_of(arg.getUses(), [](OpOperand &use) {
            return isTranspose(use.getOwner(), kToNhwc) &&
                   use.getOperandNumber() == 0;
          }))
        continue;
      auto nhwc = cast<linalg::TransposeOp>(*arg.getUsers().begin());
      Type nhwcType = nhwc.getInit().getType();
      for (Operation *user : llvm::make_early_inc_range(arg.getUsers())) {
        user->getResult(0).replaceAllUsesWith(arg);
        user->erase();
      }
      arg.setType(nhwcType);
      inputs[arg.getArgNumber()] = nhwcType;
    }
    SmallVector<Type> results(func.getResultTypes());
    func.walk([&](func::ReturnOp ret) {
      for (OpOperand &operand : ret->getOpOperands()) {
        Operation *def = operand.get().getDefiningOp();
        if (!isTranspose(def, kToNchw) || !operand.get().hasOneUse())
          continue;
        Value nhwc = cast<linalg::TransposeOp>(def).getInput();
        operand.set(nhwc);
        def->erase();
        results[operand.getOperandNumber()] = nhwc.getType();
      }
    });
    func.setFunctionType(FunctionType::get(func.getContext(), inputs, results));
  }
};

} // namespace
