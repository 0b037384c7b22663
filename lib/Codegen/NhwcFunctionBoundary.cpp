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
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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

/// `type` ([N, C, H, W]) as [N, H, W, C].
RankedTensorType nhwcType(RankedTensorType type) {
  ArrayRef<int64_t> s = type.getShape();
  return type.clone({s[0], s[2], s[3], s[1]});
}

bool isNchwTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getRank() == 4;
}

Value transpose(OpBuilder &b, Location loc, Value value,
                ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t d : permutation)
    shape.push_back(type.getDimSize(d));
  SmallVector<Value> dynamic;
  for (int64_t d : permutation)
    if (type.isDynamicDim(d))
      dynamic.push_back(tensor::DimOp::create(b, loc, value, d));
  Value init =
      tensor::EmptyOp::create(b, loc, shape, type.getElementType(), dynamic);
  return linalg::TransposeOp::create(b, loc, value, init, permutation)
      ->getResult(0);
}

struct NhwcFunctionBoundaryPass
    : qfold::impl::NhwcFunctionBoundaryBase<NhwcFunctionBoundaryPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // Only entry points: private functions are internal and keep their
    // signatures; a public one that this module also calls cannot change
    // its ABI under its callers, and is refused rather than skipped, since
    // its users asked for NHWC.
    if (func.isExternal() || func.isPrivate())
      return;
    if (!SymbolTable::symbolKnownUseEmpty(func, func->getParentOp())) {
      func.emitError() << "cannot give @" << func.getSymName()
                       << " an NHWC boundary: it is called from this module";
      return signalPassFailure();
    }
    Block &entry = func.getBody().front();
    OpBuilder b(func.getContext());
    // Every 4-D argument arrives NHWC and is transposed back to the NCHW
    // the body expects; canonicalization cancels that against the body's
    // own NCHW -> NHWC transposes.
    b.setInsertionPointToStart(&entry);
    for (BlockArgument arg : entry.getArguments()) {
      if (!isNchwTensor(arg.getType()))
        continue;
      auto nchw = cast<RankedTensorType>(arg.getType());
      arg.setType(nhwcType(nchw));
      Value back = transpose(b, func.getLoc(), arg, kToNchw);
      arg.replaceAllUsesExcept(back, back.getDefiningOp());
    }
    // Every 4-D result leaves NHWC.
    func.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      for (OpOperand &operand : ret->getOpOperands())
        if (isNchwTensor(operand.get().getType()))
          operand.set(transpose(b, ret.getLoc(), operand.get(), kToNhwc));
    });
    SmallVector<Type> results;
    for (Type type : func.getResultTypes())
      results.push_back(
          isNchwTensor(type) ? nhwcType(cast<RankedTensorType>(type)) : type);
    func.setFunctionType(FunctionType::get(func.getContext(),
                                           entry.getArgumentTypes(), results));
  }
};

} // namespace
