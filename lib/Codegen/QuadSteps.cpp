//===- QuadSteps.cpp - conv steps over i8 quads as qfold.quad_dot ---------===//

#include "QuadSteps.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::qfold;

/// A vectorized conv step over four i8 input channels, or failure.
FailureOr<ChannelGroupStep>
mlir::qfold::matchQuadStep(vector::ContractionOp op, int64_t lanes,
                           PatternRewriter &rewriter) {
  FailureOr<ChannelGroupStep> step =
      matchChannelGroupStep(op, /*group=*/4, lanes, rewriter);
  if (failed(step))
    return failure();
  auto isI8 = [](Value v) {
    return cast<VectorType>(v.getType()).getElementType().isInteger(8);
  };
  if (!isI8(step->input) || !isI8(step->filter))
    return rewriter.notifyMatchFailure(op, "operands are not i8");
  return step;
}

Value mlir::qfold::splatConstant(PatternRewriter &rewriter, Location loc,
                                 VectorType type, int64_t value) {
  return arith::ConstantOp::create(
      rewriter, loc,
      DenseElementsAttr::get(
          type, rewriter.getIntegerAttr(type.getElementType(), value)));
}

VectorType mlir::qfold::getLaneType(PatternRewriter &rewriter, int64_t lanes) {
  return VectorType::get({lanes}, rewriter.getI32Type());
}

/// `acc` + 128 * sum w over each lane's quad: what reading the signed input
/// bytes x as x ^ 0x80 = x + 128 adds to a step's dot products.
Value mlir::qfold::addCorrection(PatternRewriter &rewriter, Location loc,
                                 Value acc, Value filterQuads, int64_t lanes) {
  Value bias = splatConstant(
      rewriter, loc, VectorType::get({4 * lanes}, rewriter.getI8Type()), -128);
  return QuadDotOp::create(rewriter, loc, getLaneType(rewriter, lanes), acc,
                           bias, filterQuads);
}

/// The step `op` as quad_dots of each column's bytes made unsigned
/// (x ^ 0x80) with each block of lanes' filter quads, minus
/// `corrections[block]` when corrections are given (when they are not, the
/// result exceeds the step's by 128 * sum w per block: the caller subtracts
/// that elsewhere).
Value mlir::qfold::emitQuadDots(PatternRewriter &rewriter,
                                vector::ContractionOp op,
                                const ChannelGroupStep &step, int64_t lanes,
                                ArrayRef<Value> filterQuads,
                                ArrayRef<Value> corrections) {
  Location loc = op.getLoc();
  VectorType laneType = getLaneType(rewriter, lanes);
  auto bytesType = VectorType::get({4 * lanes}, rewriter.getI8Type());
  Value signBits = splatConstant(rewriter, loc, laneType, int32_t(0x80808080));
  return updateAccumulators(
      rewriter, loc, op.getAcc(), step, lanes,
      [&](int64_t b, int64_t col) -> Value {
        return vector::BitCastOp::create(
            rewriter, loc, bytesType,
            arith::XOrIOp::create(
                rewriter, loc,
                broadcastInputGroup(rewriter, loc, step.input, b, col, lanes),
                signBits));
      },
      [&](Value acc, Value unsignedInput, int64_t block) -> Value {
        Value dot = QuadDotOp::create(rewriter, loc, laneType, acc,
                                      unsignedInput, filterQuads[block]);
        if (corrections.empty())
          return dot;
        return arith::SubIOp::create(rewriter, loc, dot, corrections[block]);
      });
}
