//===- FoldInputAffineIntoConv.cpp - affine(x) -> conv2d => conv2d(x) -----===//
//
// A per-input-channel affine map x' = a[c] * x + b[c] applied before a float
// convolution (an input normalization exported as ONNX Sub/Div/Mul/Add of
// per-channel constants, or a BatchNorm before the conv) folds into it:
//   filter'[o, c, k] = filter[o, c, k] * a[c]
//   bias'[o]         = bias[o] + sum_{c, k} filter[o, c, k] * b[c]
// (c over the input channels of o's group), in double, rounded once. With
// padding this alone would be wrong: the conv pads x' with zeros, and a zero
// of x' is x = -b[c] / a[c], not x = 0. So the folded conv pads channel c
// with that value (`pad_values`), which the affine map takes back to the
// padding the conv had (0, or its own pad_values p[c]: (p[c] - b[c]) / a[c]).
// That needs a[c] != 0 wherever the conv pads. Everything else (no padding)
// is exact in real arithmetic.
//
// Not folded: the affine op has other users or a fused clamp, broadcasts
// its input, is quantized or reads a run-time or non-per-channel tensor; the
// conv is quantized, reads the value as its filter or bias, or has a
// run-time filter or bias. When a conv before the affine op could take it
// instead (FoldChannelAffineIntoConv, FoldBatchNormIntoConv, which need no
// padding values), that fold wins: these patterns have a lower benefit.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/ChannelAffine.h"
#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// The affine map an op applies to one of its operands, per channel.
struct InputAffine {
  Value data;
  std::vector<double> scale, shift;
};

/// Folds `affine` into `conv`, which reads `op`'s result as its input;
/// failure (with a reason) when it cannot.
LogicalResult foldIntoConv(Operation *op, const InputAffine &affine,
                           bool allowPadValues, PatternRewriter &rewriter) {
  if (!op->hasOneUse())
    return rewriter.notifyMatchFailure(op, "the result has other users");
  auto conv = dyn_cast<Conv2DOp>(*op->getUsers().begin());
  if (!conv || conv.getInput() != op->getResult(0) ||
      conv.getFilter() == op->getResult(0) ||
      conv.getBias() == op->getResult(0))
    return rewriter.notifyMatchFailure(op, "not the input of a conv2d");
  if (conv.isQuantized())
    return rewriter.notifyMatchFailure(op, "the conv2d is quantized");
  if (affine.data.getType() != op->getResult(0).getType())
    return rewriter.notifyMatchFailure(op, "the op broadcasts its input");
  std::optional<std::vector<double>> filter =
      getConstantValues(conv.getFilter());
  if (!filter)
    return rewriter.notifyMatchFailure(op, "the conv2d filter is not constant");
  auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
  int64_t outChannels = filterType.getDimSize(0);
  int64_t groupInputs = filterType.getDimSize(1);
  int64_t window = filterType.getDimSize(2) * filterType.getDimSize(3);
  int64_t groupOutputs = outChannels / conv.getGroups();
  std::optional<std::vector<double>> bias =
      getConstantBiasOrZeros(conv.getBias(), outChannels);
  if (!bias)
    return rewriter.notifyMatchFailure(op, "the conv2d bias is not constant");

  SmallVector<float> newFilter(filter->size());
  SmallVector<float> newBias(outChannels);
  for (int64_t o = 0; o < outChannels; ++o) {
    int64_t firstInput = (o / groupOutputs) * groupInputs;
    double sum = (*bias)[o];
    for (int64_t ci = 0; ci < groupInputs; ++ci) {
      int64_t c = firstInput + ci;
      for (int64_t k = 0; k < window; ++k) {
        int64_t i = (o * groupInputs + ci) * window + k;
        newFilter[i] = static_cast<float>((*filter)[i] * affine.scale[c]);
        sum += (*filter)[i] * affine.shift[c];
      }
    }
    newBias[o] = static_cast<float>(sum);
  }

  // The padding of the folded conv, where it pads.
  DenseF32ArrayAttr padValues;
  if (llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; })) {
    if (!allowPadValues)
      return rewriter.notifyMatchFailure(
          op, "the conv2d pads and padding values are not wanted");
    SmallVector<float> values;
    for (auto [c, a] : llvm::enumerate(affine.scale)) {
      if (a == 0.0)
        return rewriter.notifyMatchFailure(
            op, "a channel's factor is 0 and the conv2d pads: no input value "
                "maps to the padding");
      double old =
          conv.getPadValuesAttr() ? double(conv.getPadValuesAttr()[c]) : 0.0;
      values.push_back(static_cast<float>((old - affine.shift[c]) / a));
    }
    padValues = rewriter.getDenseF32ArrayAttr(values);
  }
  auto finite = [](float v) { return std::isfinite(v); };
  if (!llvm::all_of(newFilter, finite) || !llvm::all_of(newBias, finite) ||
      (padValues && !llvm::all_of(padValues.asArrayRef(), finite)))
    return rewriter.notifyMatchFailure(op, "a folded value overflows");

  Location loc = rewriter.getFusedLoc({op->getLoc(), conv.getLoc()});
  Value filterValue = createF32Constant(rewriter, loc, filterType, newFilter);
  Value biasValue = createF32Vector(rewriter, loc, newBias);
  auto folded = rewriter.replaceOpWithNewOp<Conv2DOp>(
      conv, conv.getType(), affine.data, filterValue, biasValue, conv,
      conv.getClampMinAttr(), conv.getClampMaxAttr(),
      conv.getRequantModeAttr());
  folded.setPadValuesAttr(padValues);
  rewriter.eraseOp(op);
  return success();
}

template <typename OpTy>
struct FoldElementwiseAffineIntoNextConv : OpRewritePattern<OpTy> {
  FoldElementwiseAffineIntoNextConv(MLIRContext *context, bool allowPadValues)
      : OpRewritePattern<OpTy>(context, /*benefit=*/0),
        allowPadValues(allowPadValues) {}
  bool allowPadValues;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    std::optional<ElementwiseChannelAffine> affine =
        getElementwiseChannelAffine(op);
    if (!affine || op.getClampMinAttr() || op.getClampMaxAttr())
      return rewriter.notifyMatchFailure(
          op, "not a float op with a per-channel constant and no clamp");
    return foldIntoConv(op,
                        InputAffine{affine->data, affine->scale, affine->shift},
                        allowPadValues, rewriter);
  }
};

struct FoldBatchNormIntoNextConv : OpRewritePattern<BatchNormOp> {
  FoldBatchNormIntoNextConv(MLIRContext *context, bool allowPadValues)
      : OpRewritePattern(context, /*benefit=*/0),
        allowPadValues(allowPadValues) {}
  bool allowPadValues;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    std::optional<BatchNormParams> params = getConstantBatchNormParams(bn);
    if (!params || validateBatchNormParams(*params))
      return rewriter.notifyMatchFailure(bn, "invalid or run-time statistics");
    if (bn.getType().getRank() != 4)
      return rewriter.notifyMatchFailure(bn, "not a 4-D batch_norm");
    ChannelAffine affine = computeBatchNormAffine(*params);
    return foldIntoConv(bn,
                        InputAffine{bn.getInput(), affine.scale, affine.shift},
                        allowPadValues, rewriter);
  }
};

} // namespace

template <typename OpTy>
void mlir::qfold::populateFoldIntoNextConvPattern(RewritePatternSet &patterns,
                                                  FoldingOptions options) {
  if constexpr (std::is_same_v<OpTy, BatchNormOp>)
    patterns.add<FoldBatchNormIntoNextConv>(patterns.getContext(),
                                            options.padValues);
  else
    patterns.add<FoldElementwiseAffineIntoNextConv<OpTy>>(patterns.getContext(),
                                                          options.padValues);
}

template void
mlir::qfold::populateFoldIntoNextConvPattern<BatchNormOp>(RewritePatternSet &,
                                                          FoldingOptions);
template void
mlir::qfold::populateFoldIntoNextConvPattern<AddOp>(RewritePatternSet &,
                                                    FoldingOptions);
template void
mlir::qfold::populateFoldIntoNextConvPattern<SubOp>(RewritePatternSet &,
                                                    FoldingOptions);
template void
mlir::qfold::populateFoldIntoNextConvPattern<MulOp>(RewritePatternSet &,
                                                    FoldingOptions);
template void
mlir::qfold::populateFoldIntoNextConvPattern<DivOp>(RewritePatternSet &,
                                                    FoldingOptions);

void mlir::qfold::populateFoldInputAffinePatterns(RewritePatternSet &patterns,
                                                  FoldingOptions options) {
  populateFoldIntoNextConvPattern<BatchNormOp>(patterns, options);
  populateFoldIntoNextConvPattern<AddOp>(patterns, options);
  populateFoldIntoNextConvPattern<SubOp>(patterns, options);
  populateFoldIntoNextConvPattern<MulOp>(patterns, options);
  populateFoldIntoNextConvPattern<DivOp>(patterns, options);
}
