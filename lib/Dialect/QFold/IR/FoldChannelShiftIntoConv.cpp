//===- FoldChannelShiftIntoConv.cpp - conv2d -> add(c) => conv2d ----------===//
//
// A per-output-channel constant added after a float convolution (the shift
// of a Caffe-style "Scale" layer with a bias, or a bias written as a
// separate Add by an exporter: ONNX Add with a [C, 1, 1] or [1, C, 1, 1]
// constant) folds into the convolution's bias, as BatchNorm's shift does:
//   bias'[o] = bias[o] + c[o]
// computed in double and rounded to f32 once (the unfolded program rounds
// twice). The add's fused clamp becomes the convolution's.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// The per-output-channel values of `shift`, a constant f32 tensor of rank 4
/// shaped [1, C, 1, 1] (or [1, 1, 1, 1], the same value for every channel)
/// for a convolution with `channels` output channels. The constant may be
/// reshaped first (the importer aligns an ONNX [C, 1, 1] operand's rank with
/// an expand_shape; a reshape keeps the values' order).
std::optional<std::vector<double>> getChannelShift(Value shift,
                                                   int64_t channels) {
  auto type = dyn_cast<RankedTensorType>(shift.getType());
  Value constant = shift;
  while (Operation *reshape = constant.getDefiningOp()) {
    if (!isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(reshape))
      break;
    constant = reshape->getOperand(0);
  }
  if (!type || type.getRank() != 4 || !type.getElementType().isF32() ||
      !matchPattern(constant, m_Constant()))
    return std::nullopt;
  ArrayRef<int64_t> shape = type.getShape();
  if (shape[0] != 1 || shape[2] != 1 || shape[3] != 1 ||
      (shape[1] != channels && shape[1] != 1))
    return std::nullopt;
  std::optional<std::vector<double>> values = getConstantValues(constant);
  if (!values)
    return std::nullopt;
  if (shape[1] == 1)
    values->assign(channels, values->front());
  return values;
}

struct FoldChannelShiftIntoConv : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    if (add.isQuantized())
      return rewriter.notifyMatchFailure(add, "the add is quantized");
    for (int side = 0; side < 2; ++side) {
      Value convValue = side == 0 ? add.getLhs() : add.getRhs();
      Value shiftValue = side == 0 ? add.getRhs() : add.getLhs();
      auto conv = convValue.getDefiningOp<Conv2DOp>();
      // The add's result must be the conv's shape (no broadcast of it).
      if (!conv || conv.isQuantized() || !conv->hasOneUse() ||
          conv.getType() != add.getType())
        continue;
      // clamp(conv) + c is not an affine map of conv.
      if (conv.hasFusedClamp())
        continue;
      int64_t channels = conv.getType().getDimSize(1);
      std::optional<std::vector<double>> shift =
          getChannelShift(shiftValue, channels);
      if (!shift)
        continue;
      std::vector<double> bias(channels, 0.0);
      if (Value b = conv.getBias()) {
        std::optional<std::vector<double>> constant = getConstantValues(b);
        if (!constant)
          continue;
        bias = *constant;
      }
      SmallVector<float> folded;
      for (int64_t o = 0; o < channels; ++o) {
        float value = static_cast<float>(bias[o] + (*shift)[o]);
        if (!std::isfinite(value))
          return rewriter.notifyMatchFailure(add, "the folded bias overflows");
        folded.push_back(value);
      }
      Location loc = rewriter.getFusedLoc({conv.getLoc(), add.getLoc()});
      Value biasValue = arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({channels}, rewriter.getF32Type()),
              ArrayRef(folded)));
      rewriter.replaceOpWithNewOp<Conv2DOp>(
          add, conv.getType(), conv.getInput(), conv.getFilter(), biasValue,
          conv, add.getClampMinAttr(), add.getClampMaxAttr(),
          conv.getRequantModeAttr());
      rewriter.eraseOp(conv);
      return success();
    }
    return rewriter.notifyMatchFailure(
        add, "not a float conv2d (one user, no clamp) plus a constant "
             "[1, C, 1, 1] with a constant or no bias");
  }
};

} // namespace

void mlir::qfold::populateFoldChannelShiftPatterns(
    RewritePatternSet &patterns) {
  patterns.add<FoldChannelShiftIntoConv>(patterns.getContext());
}

void AddOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                        MLIRContext *) {
  populateFoldChannelShiftPatterns(patterns);
}
