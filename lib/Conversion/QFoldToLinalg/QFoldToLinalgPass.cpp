//===- QFoldToLinalgPass.cpp - the convert-qfold-to-linalg pass -----------===//

#include "Patterns.h"

#include "qfold/Conversion/Passes.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Quant/IR/Quant.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_CONVERTQFOLDTOLINALG
#include "qfold/Conversion/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

void mlir::qfold::populateQFoldToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    RequantMode defaultMode, TfliteRounding rounding) {
  lowering::populateConvToLinalgPatterns(converter, patterns, defaultMode,
                                         rounding);
  lowering::populateElementwiseBinaryToLinalgPatterns(converter, patterns,
                                                      defaultMode, rounding);
  lowering::populateConvTransposeToLinalgPatterns(converter, patterns);
  lowering::populatePoolToLinalgPatterns(converter, patterns, defaultMode,
                                         rounding);
  lowering::populateStructuralToLinalgPatterns(converter, patterns);
  lowering::populateElementwiseToLinalgPatterns(converter, patterns,
                                                defaultMode, rounding);
  lowering::populateQuantCastsToLinalgPatterns(converter, patterns);
}

namespace {
struct ConvertQFoldToLinalgPass
    : qfold::impl::ConvertQFoldToLinalgBase<ConvertQFoldToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Diagnose what cannot be lowered up front, once per op, rather than as
    // a generic legalization failure.
    bool lowerable = true;
    getOperation().walk([&](Operation *op) {
      if (auto conv = dyn_cast<Conv2DOp>(op))
        lowerable &= succeeded(lowering::checkConvLowerable(conv, requantMode));
      else if (auto pool = dyn_cast<AvgPool2DOp>(op))
        lowerable &=
            succeeded(lowering::checkAvgPoolLowerable(pool, requantMode));
      else if (isa<AddOp, SubOp, MulOp, DivOp>(op))
        lowerable &= succeeded(
            lowering::checkElementwiseBinaryLowerable(op, requantMode));
      else if (isa<ReluOp, ClampOp>(op))
        lowerable &=
            succeeded(lowering::checkActivationLowerable(op, requantMode));
    });
    if (!lowerable)
      return signalPassFailure();

    QuantStorageTypeConverter converter;

    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect>();
    // Tensor ops are legal once they hold no quantized types.
    target.addDynamicallyLegalDialect<tensor::TensorDialect>(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addIllegalOp<tensor::ConcatOp, linalg::SoftmaxOp>();
    target.addIllegalDialect<QFoldDialect, quant::QuantDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });

    RewritePatternSet patterns(ctx);
    populateQFoldToLinalgConversionPatterns(converter, patterns, requantMode,
                                            tfliteRounding);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);

    // Folding is off: quant.dcast(quant.qcast(x)) folds to x, dropping the
    // rounding and saturation that an ONNX Q/DQ pair performs.
    ConversionConfig config;
    config.foldingMode = DialectConversionFoldingMode::Never;
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns), config)))
      signalPassFailure();
  }
};
} // namespace
