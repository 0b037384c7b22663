//===- GroupedConvSplitting.cpp - grouped convs as one conv per group ----===//
//
// A grouped convolution (linalg.conv_2d_nhwgc_gfhwc, G groups of C input and
// F output channels) has no vectorized strategy of its own: the loop
// lowering computes it one multiply-add at a time. Computed as G regular
// NHWC convolutions on the groups' channel slices, each with its slice of
// the epilogue, every group gets the register tiles, the dot products
// (quads, pairs) and the fused epilogue of a regular convolution.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

/// Groups of fewer output channels than this stay whole: a vector of 8
/// lanes is the narrowest the register tiles fill.
static constexpr int64_t kMinGroupOutputChannels = 8;
/// More groups than this stay whole: each group is a convolution compiled
/// of its own.
static constexpr int64_t kMaxGroups = 16;

/// Group `g` of the [G, F, KH, KW, C] filter `filter` as an HWCF filter
/// [KH, KW, C, F]: re-laid at compile time when it is a constant, else
/// sliced and transposed at run time.
static Value getGroupFilter(RewriterBase &rewriter, Location loc, Value filter,
                            int64_t g) {
  auto type = cast<RankedTensorType>(filter.getType());
  ArrayRef<int64_t> shape = type.getShape(); // G, F, KH, KW, C
  int64_t f = shape[1], kh = shape[2], kw = shape[3], c = shape[4];
  auto hwcfType = RankedTensorType::get({kh, kw, c, f}, type.getElementType());
  DenseElementsAttr constant;
  if (matchPattern(filter, m_Constant(&constant))) {
    auto values = llvm::to_vector(constant.getValues<Attribute>());
    SmallVector<Attribute> relaid;
    relaid.reserve(kh * kw * c * f);
    int64_t groupBase = g * f * kh * kw * c;
    for (int64_t y = 0; y < kh; ++y)
      for (int64_t x = 0; x < kw; ++x)
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t fi = 0; fi < f; ++fi)
            relaid.push_back(
                values[groupBase + ((fi * kh + y) * kw + x) * c + ci]);
    return arith::ConstantOp::create(rewriter, loc,
                                     DenseElementsAttr::get(hwcfType, relaid));
  }
  MLIRContext *ctx = rewriter.getContext();
  auto sliceType = RankedTensorType::get({f, kh, kw, c}, type.getElementType());
  Value slice = tensor::ExtractSliceOp::create(
      rewriter, loc, sliceType, filter,
      getAsIndexOpFoldResult(ctx, {g, 0, 0, 0, 0}),
      getAsIndexOpFoldResult(ctx, {1, f, kh, kw, c}),
      getAsIndexOpFoldResult(ctx, {1, 1, 1, 1, 1}));
  Value empty = tensor::EmptyOp::create(rewriter, loc, hwcfType.getShape(),
                                        type.getElementType());
  return linalg::TransposeOp::create(rewriter, loc, slice, empty,
                                     ArrayRef<int64_t>{1, 2, 3, 0})
      ->getResult(0);
}

SmallVector<Operation *>
mlir::qfold::splitGroupedConv(RewriterBase &rewriter,
                              linalg::Conv2DNhwgcGfhwcOp conv) {
  auto expand = conv.getDpsInputs()[0].getDefiningOp<tensor::ExpandShapeOp>();
  auto filterType = cast<RankedTensorType>(conv.getDpsInputs()[1].getType());
  auto resultType = cast<RankedTensorType>(conv->getResult(0).getType());
  auto fill = conv.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  // The channels split as [.., G*C] <-> [.., G, C] (what the lowering of
  // qfold.conv2d builds), so that group g is channels [g*C, (g+1)*C).
  SmallVector<ReassociationIndices> channelSplit = {{0}, {1}, {2}, {3, 4}};
  if (!expand || expand.getReassociationIndices() != channelSplit ||
      !filterType.hasStaticShape() || !resultType.hasStaticShape() || !fill ||
      !conv->hasOneUse())
    return {};
  auto collapse = dyn_cast<tensor::CollapseShapeOp>(*conv->user_begin());
  if (!collapse || !collapse->hasOneUse() ||
      collapse.getReassociationIndices() != channelSplit)
    return {};
  auto inputType = cast<RankedTensorType>(expand.getSrc().getType());
  ArrayRef<int64_t> shape = resultType.getShape(); // N, OH, OW, G, F
  int64_t groups = shape[3], outChannels = shape[4];
  int64_t inChannels = filterType.getDimSize(4);
  if (!inputType.hasStaticShape() || groups > kMaxGroups ||
      outChannels < kMinGroupOutputChannels)
    return {};
  // The epilogue, or (without one) the channel groups inserted into the
  // collapsed result directly.
  OpOperand &collapsedUse = *collapse->getUses().begin();
  auto epilogue = dyn_cast<linalg::GenericOp>(collapsedUse.getOwner());
  if (epilogue &&
      (epilogue->getNumResults() != 1 || epilogue.getNumLoops() != 4 ||
       epilogue.getNumReductionLoops() != 0 ||
       !epilogue.isDpsInput(&collapsedUse) ||
       !epilogue.getMatchingIndexingMap(&collapsedUse).isIdentity() ||
       !epilogue.getIndexingMapsArray().back().isIdentity()))
    epilogue = nullptr;

  MLIRContext *ctx = rewriter.getContext();
  Location loc = conv.getLoc();
  Operation *last =
      epilogue ? epilogue.getOperation() : collapse.getOperation();
  rewriter.setInsertionPoint(last);
  int64_t batch = shape[0], height = shape[1], width = shape[2];
  auto collapsedType = cast<RankedTensorType>(collapse.getType());
  Value result =
      epilogue
          ? epilogue.getDpsInits()[0]
          : tensor::EmptyOp::create(rewriter, loc, collapsedType.getShape(),
                                    collapsedType.getElementType())
                .getResult();
  auto unit = getAsIndexOpFoldResult(ctx, {1, 1, 1, 1});
  SmallVector<Operation *> pieces;
  for (int64_t g = 0; g < groups; ++g) {
    Value input = tensor::ExtractSliceOp::create(
        rewriter, loc, expand.getSrc(),
        getAsIndexOpFoldResult(ctx, {0, 0, 0, g * inChannels}),
        getAsIndexOpFoldResult(ctx, {inputType.getDimSize(0),
                                     inputType.getDimSize(1),
                                     inputType.getDimSize(2), inChannels}),
        unit);
    Value filter = getGroupFilter(rewriter, loc, conv.getDpsInputs()[1], g);
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{batch, height, width, outChannels},
        resultType.getElementType());
    Value init =
        linalg::FillOp::create(rewriter, loc, fill.getInputs()[0], empty)
            .getResult(0);
    auto piece = linalg::Conv2DNhwcHwcfOp::create(
        rewriter, loc, TypeRange{init.getType()}, ValueRange{input, filter},
        ValueRange{init}, conv.getStrides(), conv.getDilations());
    SmallVector<OpFoldResult> offsets =
        getAsIndexOpFoldResult(ctx, {0, 0, 0, g * outChannels});
    SmallVector<OpFoldResult> sizes =
        getAsIndexOpFoldResult(ctx, {batch, height, width, outChannels});
    if (epilogue) {
      FailureOr<Value> written =
          writeEpilogueTile(rewriter, epilogue, collapse.getResult(),
                            piece->getResult(0), offsets, sizes, result);
      if (failed(written))
        return {}; // (dead pieces are left to DCE)
      result = *written;
    } else {
      result = tensor::InsertSliceOp::create(rewriter, loc, piece->getResult(0),
                                             result, offsets, sizes, unit);
    }
    pieces.push_back(piece);
  }
  rewriter.replaceOp(last, result);
  if (epilogue)
    rewriter.eraseOp(collapse);
  rewriter.eraseOp(conv);
  if (fill->use_empty())
    rewriter.eraseOp(fill);
  if (expand->use_empty())
    rewriter.eraseOp(expand);
  return pieces;
}
