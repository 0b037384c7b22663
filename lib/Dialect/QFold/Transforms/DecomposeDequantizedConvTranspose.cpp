//===- DecomposeDequantizedConvTranspose.cpp - Q/DQ transposed convs ------===//
//
// conv_transpose2d(DQ(x), DQ(W)) => conv2d(DQ(spread(x)), DQ(W')), the
// conv2d it equals (qfold/Dialect/QFold/IR/ConvTransposeAsConv.h) with the
// spreading and cropping done on x's stored integers (filled with x's zero
// point, which dequantizes to exactly 0, so DQ(spread(x)) = spread(DQ(x)))
// and the constant integer weights transposed per group and flipped, their
// per-output-channel scales (ONNX: axis 1 of the C x O/g x KH x KW weights,
// O/g of them) becoming axis 0 of the conv's O x C/g x KH x KW filter. The
// result is the same real-valued program, in the form Q/DQ fusion turns into
// an integer conv2d, with a BatchNorm and activations after it folded in.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/ConvTransposeAsConv.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// The equivalent conv2d filter's quantized type: per tensor as it was, or
/// per output channel along axis 0 (O scales, each output channel of every
/// group taking its j's).
Type getEquivalentFilterType(const QuantInfo &info, int64_t groups) {
  if (!info.isPerAxis())
    return info.type;
  auto perAxis = cast<quant::UniformQuantizedPerAxisType>(info.type);
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (int64_t g = 0; g < groups; ++g)
    for (size_t j = 0; j < info.scales.size(); ++j) {
      scales.push_back(info.scales[j]);
      zeroPoints.push_back(info.zeroPoints[j]);
    }
  return quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), perAxis.getStorageType(), perAxis.getExpressedType(),
      scales, zeroPoints, /*quantizedDimension=*/0, perAxis.getStorageTypeMin(),
      perAxis.getStorageTypeMax());
}

struct DecomposeDequantizedConvTranspose : OpRewritePattern<ConvTranspose2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvTranspose2DOp op,
                                PatternRewriter &rewriter) const override {
    auto xdq = op.getInput().getDefiningOp<quant::DequantizeCastOp>();
    auto wdq = op.getFilter().getDefiningOp<quant::DequantizeCastOp>();
    if (!xdq || !wdq)
      return rewriter.notifyMatchFailure(op, "input or filter not dequantized");
    std::optional<QuantInfo> x = getQuantInfo(xdq.getInput().getType());
    std::optional<QuantInfo> w = getQuantInfo(wdq.getInput().getType());
    if (!x || x->isPerAxis() || x->storageWidth != 8 || !w ||
        w->storageWidth != 8 || (w->isPerAxis() && *w->axis != 1))
      return rewriter.notifyMatchFailure(
          op, "not a per-tensor 8-bit input and 8-bit weights quantized per "
              "tensor or per output channel (axis 1)");
    auto scast = wdq.getInput().getDefiningOp<quant::StorageCastOp>();
    DenseIntElementsAttr weights;
    if (!scast || !matchPattern(scast.getInput(), m_Constant(&weights)))
      return rewriter.notifyMatchFailure(op, "the weights are not constant");

    Location loc = op.getLoc();
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    int64_t groups = op.getGroups();
    SmallVector<int64_t> shape =
        getEquivalentFilterShape(filterType.getShape(), groups);
    SmallVector<APInt> values(weights.getValues<APInt>());
    SmallVector<APInt> transposed;
    for (int64_t source :
         getEquivalentFilterSources(filterType.getShape(), groups))
      transposed.push_back(values[source]);
    Value storage = arith::ConstantOp::create(
        rewriter, loc,
        DenseIntElementsAttr::get(
            RankedTensorType::get(shape, weights.getElementType()),
            transposed));
    Value quantized = quant::StorageCastOp::create(
        rewriter, loc,
        RankedTensorType::get(shape, getEquivalentFilterType(*w, groups)),
        storage);
    Value filter = quant::DequantizeCastOp::create(
        rewriter, loc, RankedTensorType::get(shape, rewriter.getF32Type()),
        quantized);

    // Spread and crop x's stored integers, filling with its zero point.
    Value xq = xdq.getInput();
    auto xType = cast<RankedTensorType>(xq.getType());
    Type storageElement = x->type.getStorageType();
    Value xStorage = quant::StorageCastOp::create(
        rewriter, loc, xType.clone(storageElement), xq);
    Value fill = arith::ConstantOp::create(
        rewriter, loc,
        IntegerAttr::get(storageElement,
                         APInt(x->storageWidth, x->zeroPoint(),
                               /*isSigned=*/true, /*implicitTrunc=*/true)));
    Value spread = createSpreadInput(rewriter, loc, op, xStorage, fill);
    auto spreadType = cast<RankedTensorType>(spread.getType());
    Value spreadQ = quant::StorageCastOp::create(
        rewriter, loc, spreadType.clone(xType.getElementType()), spread);
    Value input = quant::DequantizeCastOp::create(
        rewriter, loc, spreadType.clone(rewriter.getF32Type()), spreadQ);

    rewriter.replaceOpWithNewOp<Conv2DOp>(
        op, op.getType(), input, filter, op.getBias(),
        rewriter.getDenseI64ArrayAttr({1, 1}), op.getDilationsAttr(),
        rewriter.getDenseI64ArrayAttr(getEquivalentConvPads(op)),
        op.getGroupsAttr(), op.getClampMinAttr(), op.getClampMaxAttr(),
        /*requant_mode=*/nullptr, /*pad_values=*/nullptr);
    return success();
  }
};

} // namespace

void mlir::qfold::populateDecomposeDequantizedConvTransposePatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeDequantizedConvTranspose>(patterns.getContext());
}
