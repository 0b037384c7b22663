//===- QuadSteps.h - conv steps over i8 quads as qfold.quad_dot -*- C++ -*-===//
//
// What qfold-lower-quad-dot-products' patterns and its reduction-nest
// rewrite share: matching a vectorized conv step over four i8 input
// channels and emitting it as qfold.quad_dot (vpdpbusd's operation), with
// or without the correction that reading the signed input as unsigned
// bytes needs.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_CODEGEN_QUADSTEPS_H
#define QFOLD_LIB_CODEGEN_QUADSTEPS_H

#include "ChannelGroupContractions.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::qfold {

/// A vectorized conv step over four i8 input channels, or failure.
FailureOr<ChannelGroupStep> matchQuadStep(vector::ContractionOp op,
                                          int64_t lanes,
                                          PatternRewriter &rewriter);

/// A constant vector of `type` with every element `value`.
Value splatConstant(PatternRewriter &rewriter, Location loc, VectorType type,
                    int64_t value);

/// vector<lanes x i32>.
VectorType getLaneType(PatternRewriter &rewriter, int64_t lanes);

/// `acc` + 128 * sum w over each lane's quad: what reading the signed input
/// bytes x as x ^ 0x80 = x + 128 adds to a step's dot products.
Value addCorrection(PatternRewriter &rewriter, Location loc, Value acc,
                    Value filterQuads, int64_t lanes);

/// The step `op` as quad_dots of each column's bytes made unsigned
/// (x ^ 0x80) with each block of lanes' filter quads, minus
/// `corrections[block]` when corrections are given (when they are not, the
/// result exceeds the step's by 128 * sum w per block: the caller subtracts
/// that elsewhere).
Value emitQuadDots(PatternRewriter &rewriter, vector::ContractionOp op,
                   const ChannelGroupStep &step, int64_t lanes,
                   ArrayRef<Value> filterQuads, ArrayRef<Value> corrections);

/// Lowers the quad steps of every reduction nest of `func` whose
/// accumulator goes through such steps only, with their corrections
/// subtracted once after the nest (QuadCorrections.cpp).
void lowerQuadChainsInLoops(func::FuncOp func, int64_t lanes);

} // namespace mlir::qfold

#endif // QFOLD_LIB_CODEGEN_QUADSTEPS_H
