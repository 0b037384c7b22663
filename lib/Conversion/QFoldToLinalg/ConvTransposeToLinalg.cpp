//===- ConvTransposeToLinalg.cpp - qfold.conv_transpose2d as a conv2d -----===//
//
// A transposed convolution is the convolution of its input spread `stride`
// apart (zeros between the pixels), padded by `dilation * (K - 1) - pad`
// before and `dilation * (K - 1) - pad + output_padding` after (a negative
// amount crops instead), with the filter transposed per group (C x O/g ->
// O x C/g) and flipped in both spatial dimensions, at stride 1 and the same
// dilation. It is rewritten to that qfold.conv2d, which the conv lowering
// (and its codegen) then handles like any other. A constant filter is
// transposed and flipped at compile time.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

/// The conv2d filter [O, C/g, KH, KW] of a transposed conv's [C, O/g, KH, KW]
/// filter: out[g*O/g + j, c, y, x] = in[g*C/g + c, j, KH-1-y, KW-1-x].
Value createConvFilter(OpBuilder &b, Location loc, Value filter,
                       int64_t groups) {
  auto type = cast<RankedTensorType>(filter.getType());
  int64_t channels = type.getDimSize(0), groupOutputs = type.getDimSize(1);
  int64_t kh = type.getDimSize(2), kw = type.getDimSize(3);
  int64_t groupInputs = channels / groups;
  auto resultType = RankedTensorType::get(
      {groupOutputs * groups, groupInputs, kh, kw}, type.getElementType());
  if (std::optional<std::vector<double>> values = getConstantValues(filter)) {
    SmallVector<float> result(values->size());
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t j = 0; j < groupOutputs; ++j)
        for (int64_t c = 0; c < groupInputs; ++c)
          for (int64_t y = 0; y < kh; ++y)
            for (int64_t x = 0; x < kw; ++x)
              result[(((g * groupOutputs + j) * groupInputs + c) * kh + y) *
                         kw +
                     x] =
                  static_cast<float>(
                      (*values)[(((g * groupInputs + c) * groupOutputs + j) *
                                     kh +
                                 (kh - 1 - y)) *
                                    kw +
                                (kw - 1 - x)]);
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

struct ConvertConvTranspose : OpConversionPattern<ConvTranspose2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConvTranspose2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    auto filterType = cast<RankedTensorType>(op.getFilter().getType());
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      pads = op.getPads(), extra = op.getOutputPadding();
    Type f32 = rewriter.getF32Type();

    // Spread the pixels `stride` apart.
    if (strides[0] > 1 || strides[1] > 1) {
      SmallVector<int64_t> shape(inputType.getShape());
      for (int i = 0; i < 2; ++i)
        shape[2 + i] = (shape[2 + i] - 1) * strides[i] + 1;
      Value zero =
          arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));
      Value empty = tensor::EmptyOp::create(rewriter, loc, shape, f32);
      Value zeros =
          linalg::FillOp::create(rewriter, loc, zero, empty).getResult(0);
      input = tensor::InsertSliceOp::create(
          rewriter, loc, input, zeros,
          getAsIndexOpFoldResult(ctx, {0, 0, 0, 0}),
          getAsIndexOpFoldResult(ctx, inputType.getShape()),
          getAsIndexOpFoldResult(ctx, {1, 1, strides[0], strides[1]}));
    }

    // Pad by dilation * (K - 1) - pad (+ output_padding after); crop where
    // that is negative.
    SmallVector<int64_t> before(2), after(2);
    for (int i = 0; i < 2; ++i) {
      int64_t extent = dilations[i] * (filterType.getDimSize(2 + i) - 1);
      before[i] = extent - pads[i];
      after[i] = extent - pads[i + 2] + extra[i];
    }
    if (llvm::any_of(before, [](int64_t v) { return v < 0; }) ||
        llvm::any_of(after, [](int64_t v) { return v < 0; })) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> offsets = {0, 0, 0, 0};
      SmallVector<int64_t> sizes(type.getShape());
      for (int i = 0; i < 2; ++i) {
        offsets[2 + i] = std::max<int64_t>(-before[i], 0);
        sizes[2 + i] -= offsets[2 + i] + std::max<int64_t>(-after[i], 0);
      }
      input = tensor::ExtractSliceOp::create(
          rewriter, loc, input, getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, sizes),
          getAsIndexOpFoldResult(ctx, {1, 1, 1, 1}));
    }
    SmallVector<int64_t> convPads = {
        std::max<int64_t>(before[0], 0), std::max<int64_t>(before[1], 0),
        std::max<int64_t>(after[0], 0), std::max<int64_t>(after[1], 0)};

    Value filter =
        createConvFilter(rewriter, loc, adaptor.getFilter(), op.getGroups());
    auto conv = Conv2DOp::create(
        rewriter, loc, op.getType(), input, filter, adaptor.getBias(),
        rewriter.getDenseI64ArrayAttr({1, 1}), op.getDilationsAttr(),
        rewriter.getDenseI64ArrayAttr(convPads), op.getGroupsAttr(),
        op.getClampMinAttr(), op.getClampMaxAttr(), /*requant_mode=*/nullptr,
        /*pad_values=*/nullptr);
    rewriter.replaceOp(op, conv.getOutput());
    return success();
  }
};

} // namespace

void lowering::populateConvTransposeToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConvertConvTranspose>(converter, patterns.getContext());
}
