//===- AlignGlobals.cpp - cache-line aligned constant globals -------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_ALIGNGLOBALS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;

namespace {
struct AlignGlobalsPass : qfold::impl::AlignGlobalsBase<AlignGlobalsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (alignment <= 0 || !llvm::isPowerOf2_64(alignment)) {
      getOperation().emitError()
          << "qfold-align-globals: alignment must be a power of two, got "
          << static_cast<int64_t>(alignment);
      return signalPassFailure();
    }
    Builder builder(&getContext());
    getOperation().walk([&](memref::GlobalOp global) {
      if (!global.getAlignment())
        global.setAlignmentAttr(builder.getI64IntegerAttr(alignment));
    });
  }
};
} // namespace
