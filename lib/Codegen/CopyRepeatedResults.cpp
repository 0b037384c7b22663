//===- CopyRepeatedResults.cpp - one buffer per returned tensor -----------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_COPYREPEATEDRESULTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;

namespace {
struct CopyRepeatedResultsPass
    : qfold::impl::CopyRepeatedResultsBase<CopyRepeatedResultsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder builder(ret);
      llvm::SmallPtrSet<Value, 4> seen;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<RankedTensorType>(value.getType());
        if (!type || seen.insert(value).second)
          continue;
        Value empty = tensor::EmptyOp::create(
            builder, ret.getLoc(),
            tensor::getMixedSizes(builder, ret.getLoc(), value),
            type.getElementType());
        operand.set(linalg::CopyOp::create(builder, ret.getLoc(), value, empty)
                        .getResult(0));
      }
    });
  }
};
} // namespace
