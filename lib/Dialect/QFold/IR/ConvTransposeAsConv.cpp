//===- ConvTransposeAsConv.cpp - a transposed conv as a conv2d ------------===//

#include "qfold/Dialect/QFold/IR/ConvTransposeAsConv.h"

#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {
/// The equivalent conv's padding before and after each spatial dimension
/// (negative: a crop).
std::pair<SmallVector<int64_t>, SmallVector<int64_t>>
getSignedPadding(ConvTranspose2DOp op) {
  auto filterType = cast<RankedTensorType>(op.getFilter().getType());
  ArrayRef<int64_t> dilations = op.getDilations(), pads = op.getPads(),
                    extra = op.getOutputPadding();
  SmallVector<int64_t> before(2), after(2);
  for (int i = 0; i < 2; ++i) {
    int64_t extent = dilations[i] * (filterType.getDimSize(2 + i) - 1);
    before[i] = extent - pads[i];
    after[i] = extent - pads[i + 2] + extra[i];
  }
  return {before, after};
}
} // namespace

Value mlir::qfold::createSpreadInput(OpBuilder &b, Location loc,
                                     ConvTranspose2DOp op, Value input,
                                     Value fill) {
  MLIRContext *ctx = b.getContext();
  auto inputType = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> strides = op.getStrides();
  if (strides[0] > 1 || strides[1] > 1) {
    SmallVector<int64_t> shape(inputType.getShape());
    for (int i = 0; i < 2; ++i)
      shape[2 + i] = (shape[2 + i] - 1) * strides[i] + 1;
    Value empty =
        tensor::EmptyOp::create(b, loc, shape, inputType.getElementType());
    Value background = linalg::FillOp::create(b, loc, fill, empty).getResult(0);
    input = tensor::InsertSliceOp::create(
        b, loc, input, background, getAsIndexOpFoldResult(ctx, {0, 0, 0, 0}),
        getAsIndexOpFoldResult(ctx, inputType.getShape()),
        getAsIndexOpFoldResult(ctx, {1, 1, strides[0], strides[1]}));
  }
  auto [before, after] = getSignedPadding(op);
  if (llvm::none_of(before, [](int64_t v) { return v < 0; }) &&
      llvm::none_of(after, [](int64_t v) { return v < 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> offsets = {0, 0, 0, 0};
  SmallVector<int64_t> sizes(type.getShape());
  for (int i = 0; i < 2; ++i) {
    offsets[2 + i] = std::max<int64_t>(-before[i], 0);
    sizes[2 + i] -= offsets[2 + i] + std::max<int64_t>(-after[i], 0);
  }
  return tensor::ExtractSliceOp::create(
      b, loc, input, getAsIndexOpFoldResult(ctx, offsets),
      getAsIndexOpFoldResult(ctx, sizes),
      getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
}

SmallVector<int64_t> mlir::qfold::getEquivalentConvPads(ConvTranspose2DOp op) {
  auto [before, after] = getSignedPadding(op);
  return {std::max<int64_t>(before[0], 0), std::max<int64_t>(before[1], 0),
          std::max<int64_t>(after[0], 0), std::max<int64_t>(after[1], 0)};
}

SmallVector<int64_t>
mlir::qfold::getEquivalentFilterShape(ArrayRef<int64_t> shape, int64_t groups) {
  return {shape[1] * groups, shape[0] / groups, shape[2], shape[3]};
}

std::vector<int64_t>
mlir::qfold::getEquivalentFilterSources(ArrayRef<int64_t> shape,
                                        int64_t groups) {
  int64_t groupInputs = shape[0] / groups, groupOutputs = shape[1];
  int64_t kh = shape[2], kw = shape[3];
  std::vector<int64_t> sources;
  sources.reserve(shape[0] * groupOutputs * kh * kw);
  // out[g * O/g + j, c, y, x] = in[g * C/g + c, j, KH-1-y, KW-1-x].
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t j = 0; j < groupOutputs; ++j)
      for (int64_t c = 0; c < groupInputs; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x)
            sources.push_back((((g * groupInputs + c) * groupOutputs + j) * kh +
                               (kh - 1 - y)) *
                                  kw +
                              (kw - 1 - x));
  return sources;
}

Value mlir::qfold::createEquivalentFilter(OpBuilder &b, Location loc,
                                          Value filter, int64_t groups) {
  auto type = cast<RankedTensorType>(filter.getType());
  int64_t channels = type.getDimSize(0), groupOutputs = type.getDimSize(1);
  int64_t kh = type.getDimSize(2), kw = type.getDimSize(3);
  int64_t groupInputs = channels / groups;
  auto resultType = RankedTensorType::get(
      getEquivalentFilterShape(type.getShape(), groups), type.getElementType());
  if (std::optional<std::vector<double>> values = getConstantValues(filter)) {
    std::vector<int64_t> sources =
        getEquivalentFilterSources(type.getShape(), groups);
    SmallVector<float> result;
    for (int64_t source : sources)
      result.push_back(static_cast<float>((*values)[source]));
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(resultType, ArrayRef(result)));
  }
  // [C, O/g, KH, KW] -> [g, C/g, O/g, KH, KW] -> (transpose, flip)
  // [g, O/g, C/g, KH, KW] -> [O, C/g, KH, KW].
  Value grouped = tensor::ExpandShapeOp::create(
      b, loc,
      RankedTensorType::get({groups, groupInputs, groupOutputs, kh, kw},
                            type.getElementType()),
      filter, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
  MLIRContext *ctx = b.getContext();
  AffineExpr g, j, c, y, x;
  bindDims(ctx, g, j, c, y, x);
  auto read = AffineMap::get(5, 0, {g, c, j, kh - 1 - y, kw - 1 - x}, ctx);
  auto write = AffineMap::getMultiDimIdentityMap(5, ctx);
  Value init = tensor::EmptyOp::create(
      b, loc, {groups, groupOutputs, groupInputs, kh, kw},
      type.getElementType());
  Value flipped =
      linalg::GenericOp::create(
          b, loc, init.getType(), grouped, init, ArrayRef{read, write},
          SmallVector<utils::IteratorType>(5, utils::IteratorType::parallel),
          [](OpBuilder &nb, Location nl, ValueRange args) {
            linalg::YieldOp::create(nb, nl, args[0]);
          })
          .getResult(0);
  return tensor::CollapseShapeOp::create(
      b, loc, resultType, flipped,
      ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
}

Conv2DOp mlir::qfold::createEquivalentConv(OpBuilder &b, Location loc,
                                           ConvTranspose2DOp op, Value input,
                                           Value filter, Value bias) {
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  return Conv2DOp::create(
      b, loc, op.getType(), createSpreadInput(b, loc, op, input, zero),
      createEquivalentFilter(b, loc, filter, op.getGroups()), bias,
      b.getDenseI64ArrayAttr({1, 1}), op.getDilationsAttr(),
      b.getDenseI64ArrayAttr(getEquivalentConvPads(op)), op.getGroupsAttr(),
      op.getClampMinAttr(), op.getClampMaxAttr(), /*requant_mode=*/nullptr,
      /*pad_values=*/nullptr);
}

namespace {
/// conv_transpose2d => the conv2d it equals, in f32 (before post-training
/// quantization, which quantizes conv2d ops).
struct DecomposeConvTranspose : OpRewritePattern<ConvTranspose2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvTranspose2DOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, createEquivalentConv(rewriter, op.getLoc(), op,
                                                op.getInput(), op.getFilter(),
                                                op.getBias())
                               .getOutput());
    return success();
  }
};
} // namespace

void mlir::qfold::populateDecomposeConvTransposePatterns(
    RewritePatternSet &patterns) {
  patterns.add<DecomposeConvTranspose>(patterns.getContext());
}
