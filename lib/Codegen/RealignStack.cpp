//===- RealignStack.cpp - functions realign their stack for spills --------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_REALIGNSTACK
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;

namespace {
/// LLVM's function attribute: realign the stack on entry when a slot needs
/// more than the ABI's alignment (a string attribute, as clang's
/// -mstackrealign sets it).
constexpr llvm::StringLiteral kStackRealign = "stackrealign";

bool isStackRealign(Attribute entry) {
  auto name = dyn_cast<StringAttr>(entry);
  return name && name.getValue() == kStackRealign;
}

struct RealignStackPass : qfold::impl::RealignStackBase<RealignStackPass> {
  void runOnOperation() override {
    Builder builder(&getContext());
    getOperation().walk([&](func::FuncOp func) {
      if (func.isExternal())
        return;
      // Func-to-LLVM carries `passthrough` over to llvm.func; keep what is
      // there (noinline on outlined loop nests).
      SmallVector<Attribute> passthrough;
      if (auto existing = func->getAttrOfType<ArrayAttr>("passthrough"))
        llvm::append_range(passthrough, existing.getValue());
      if (llvm::any_of(passthrough, isStackRealign))
        return;
      passthrough.push_back(builder.getStringAttr(kStackRealign));
      func->setAttr("passthrough", builder.getArrayAttr(passthrough));
    });
  }
};
} // namespace
