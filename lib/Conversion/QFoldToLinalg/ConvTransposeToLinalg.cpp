//===- ConvTransposeToLinalg.cpp - qfold.conv_transpose2d as a conv2d -----===//
//
// A transposed convolution is rewritten to the qfold.conv2d it equals
// (qfold/Dialect/QFold/IR/ConvTransposeAsConv.h: the input spread with zeros
// and cropped, the filter transposed per group and flipped), which the conv
// lowering (and its codegen) then handles like any other. A constant filter
// is transposed and flipped at compile time.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "qfold/Dialect/QFold/IR/ConvTransposeAsConv.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

struct ConvertConvTranspose : OpConversionPattern<ConvTranspose2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConvTranspose2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Conv2DOp conv =
        createEquivalentConv(rewriter, op.getLoc(), op, adaptor.getInput(),
                             adaptor.getFilter(), adaptor.getBias());
    rewriter.replaceOp(op, conv.getOutput());
    return success();
  }
};

} // namespace

void lowering::populateConvTransposeToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConvertConvTranspose>(converter, patterns.getContext());
}
