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

struct ConvertConvTranspose : OpConversionPattern<ConvTranspose2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConvTranspose2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));
    Value input =
        createSpreadInput(rewriter, loc, op, adaptor.getInput(), zero);
    SmallVector<int64_t> convPads = getEquivalentConvPads(op);
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
