//===- IntegerWidening.cpp - widened operands of integer convolutions -----===//
//
// Integer convolutions multiply i8 values in wider lanes: i16 for the
// channel-pair dot products (vpmaddwd), i32 for widening multiplies. Inputs
// are widened once before the convolution (fused with the u8 sign flip),
// constant filters at compile time, so the inner loop extends nothing.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

/// The sign extension of the i8 tensor `value` to i16, as an elementwise
/// linalg.generic (vectorized with the data movement below).
static linalg::GenericOp createWidenToI16(RewriterBase &rewriter, Location loc,
                                          Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto wideType = type.clone(rewriter.getI16Type());
  Value init = tensor::EmptyOp::create(rewriter, loc, wideType.getShape(),
                                       rewriter.getI16Type());
  AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
  return linalg::GenericOp::create(
      rewriter, loc, wideType, value, init,
      ArrayRef<AffineMap>{identity, identity},
      SmallVector<utils::IteratorType>(type.getRank(),
                                       utils::IteratorType::parallel),
      [&](OpBuilder &b, Location l, ValueRange args) {
        Value wide = arith::ExtSIOp::create(b, l, b.getI16Type(), args[0]);
        linalg::YieldOp::create(b, l, wide);
      });
}

/// Replaces the i8 input of `conv` by its sign extension to i16. A padded
/// input is widened before the padding (then padded with the widened
/// value), so that the widening fuses with the elementwise op producing it.
void mlir::qfold::widenInputToI16(RewriterBase &rewriter,
                                  linalg::LinalgOp conv) {
  OpOperand &operand = conv->getOpOperand(0);
  auto type = cast<RankedTensorType>(operand.get().getType());
  if (!type.getElementType().isInteger(8))
    return;
  Location loc = conv.getLoc();
  auto pad = operand.get().getDefiningOp<tensor::PadOp>();
  Value padValue = pad ? pad.getConstantPaddingValue() : Value();
  linalg::GenericOp widen;
  if (pad && pad->hasOneUse() && padValue &&
      matchPattern(padValue, m_Constant())) {
    rewriter.setInsertionPoint(pad);
    widen = createWidenToI16(rewriter, loc, pad.getSource());
    Value widePadValue =
        arith::ExtSIOp::create(rewriter, loc, rewriter.getI16Type(), padValue);
    Value widePad = tensor::PadOp::create(
        rewriter, pad.getLoc(), type.clone(rewriter.getI16Type()),
        widen.getResult(0), pad.getMixedLowPad(), pad.getMixedHighPad(),
        widePadValue, pad.getNofold());
    rewriter.modifyOpInPlace(conv, [&] { operand.set(widePad); });
    rewriter.eraseOp(pad);
  } else {
    rewriter.setInsertionPoint(conv);
    widen = createWidenToI16(rewriter, loc, operand.get());
    rewriter.modifyOpInPlace(conv, [&] { operand.set(widen.getResult(0)); });
  }
  // One pass that reads the input and writes the i16 copy (with the u8
  // sign flip), instead of an i8 intermediate written and read back.
  fuseElementwiseProducer(rewriter, widen->getOpOperand(0));
}

/// Replaces a constant i8 filter of `conv` by the same values sign-extended
/// to `bits`, computed at compile time: the inner loop then loads filter
/// vectors as they are multiplied (i16 for the pair dot products, i32 for
/// widening multiplies), without extending them at every step.
void mlir::qfold::widenConstantFilter(RewriterBase &rewriter,
                                      linalg::LinalgOp conv, unsigned bits) {
  OpOperand &operand = conv->getOpOperand(1);
  DenseIntElementsAttr values;
  if (!matchPattern(operand.get(), m_Constant(&values)) ||
      !values.getElementType().isInteger(8))
    return;
  IntegerType wideType = rewriter.getIntegerType(bits);
  auto wide =
      values.mapValues(wideType, [&](const APInt &v) { return v.sext(bits); });
  rewriter.setInsertionPoint(conv);
  Value constant =
      arith::ConstantOp::create(rewriter, conv.getLoc(), cast<TypedAttr>(wide));
  rewriter.modifyOpInPlace(conv, [&] { operand.set(constant); });
}
