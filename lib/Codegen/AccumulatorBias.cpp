//===- AccumulatorBias.cpp - integer accumulators that start at the bias --===//
//
// convert-qfold-to-linalg accumulates an integer convolution into zeros and
// adds the bias first thing in its epilogue. Started at the bias instead,
// the accumulators need no add per output vector: the start is one
// broadcast per tile, and integer addition is exact in either order.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

bool mlir::qfold::startAccumulatorAtBias(RewriterBase &rewriter,
                                         linalg::LinalgOp conv) {
  linalg::GenericOp epilogue = getConvEpilogue(conv);
  auto fill = conv.getDpsInits()[0].getDefiningOp<linalg::FillOp>();
  if (!epilogue || !fill || !fill->hasOneUse() ||
      !matchPattern(fill.value(), m_Zero()) ||
      !getElementTypeOrSelf(fill.value().getType()).isInteger(32))
    return false;

  // The epilogue's first use of the accumulator: + bias[channel].
  OpOperand &accUse = *conv->getResult(0).getUses().begin();
  BlockArgument acc = epilogue.getMatchingBlockArgument(&accUse);
  if (!acc.hasOneUse())
    return false;
  auto add = dyn_cast<arith::AddIOp>(*acc.getUsers().begin());
  if (!add)
    return false;
  auto bias = dyn_cast<BlockArgument>(add.getLhs() == acc ? add.getRhs()
                                                          : add.getLhs());
  if (!bias || bias.getOwner() != epilogue.getBody())
    return false;
  OpOperand *biasOperand = epilogue.getMatchingOpOperand(bias);
  MLIRContext *ctx = rewriter.getContext();
  AffineMap perChannel = AffineMap::get(4, 0, getAffineDimExpr(3, ctx), ctx);
  if (!epilogue.isDpsInput(biasOperand) ||
      epilogue.getMatchingIndexingMap(biasOperand) != perChannel)
    return false;

  // The accumulator's start: the bias broadcast over (n, h, w).
  rewriter.setInsertionPoint(conv);
  Location loc = conv.getLoc();
  Value start =
      linalg::GenericOp::create(
          rewriter, loc, fill.result().getType(),
          ValueRange{biasOperand->get()}, ValueRange{fill.getDpsInits()[0]},
          ArrayRef<AffineMap>{perChannel,
                              AffineMap::getMultiDimIdentityMap(4, ctx)},
          SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
          [](OpBuilder &b, Location nested, ValueRange args) {
            linalg::YieldOp::create(b, nested, args[0]);
          })
          .getResult(0);
  rewriter.modifyOpInPlace(conv,
                           [&] { conv.getDpsInitsMutable()[0].set(start); });
  rewriter.eraseOp(fill);
  rewriter.replaceAllUsesWith(add.getResult(), acc);
  rewriter.eraseOp(add);
  return true;
}
