//===- ChannelGroupContractions.h - conv steps over channel groups -*- C++
//-*-===//
//
// What the dot-product lowerings (pairs: vpmaddwd, quads: vpdpbusd) share:
// matching a vectorized 1-D convolution step that reduces over a group of
// input channels, and reading its operands.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_CODEGEN_CHANNELGROUPCONTRACTIONS_H
#define QFOLD_LIB_CODEGEN_CHANNELGROUPCONTRACTIONS_H

#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::qfold {

/// A vectorized integer 1-D convolution step,
///   vector.contract {(n, w, c), (c, f) -> (n, w, f)}
///     (extsi(x), extsi(w)) into acc : vector<N x W x F x i32>
/// with c = `group` and F a multiple of `lanes` (or of 8 when `lanes` is 16);
/// x and w are the narrow (i8 or i16) vectors the operands sign-extend.
struct ChannelGroupStep {
  Value input;  // vector<N x W x group x i8/i16>
  Value filter; // vector<group x F x i8/i16>
  int64_t batch, columns, channels;
  /// i32 lanes per dot-product vector: the target's, or 8 (ymm, which every
  /// AVX-512 target has too) for a tile of 8 channels on a zmm target.
  int64_t lanes;
};

FailureOr<ChannelGroupStep> matchChannelGroupStep(vector::ContractionOp op,
                                                  int64_t group, int64_t lanes,
                                                  PatternRewriter &rewriter);

/// The rows of a [group x F] filter that is
/// transpose(shape_cast(rows : vector<group*F> to vector<F x group>)), as
/// qfold-tile-and-vectorize-convs reads constant filters re-laid at compile
/// time: `rows` holds the groups (w0[f], w1[f], ...) already. Null
/// otherwise.
Value getInterleavedGroups(Value filter, int64_t group);

/// For each block of `lanes` output channels, the group-interleaved filter
/// values (group * lanes elements): slices of the re-laid rows, or the
/// filter's rows interleaved here (vector.shuffle) when it was not re-laid.
SmallVector<Value> getFilterGroups(PatternRewriter &rewriter, Location loc,
                                   Value filter, int64_t group,
                                   int64_t channels, int64_t lanes);

/// The `group` input values of column (b, col), packed into one i32 (of
/// two i16 or four i8) and broadcast to `lanes` lanes.
Value broadcastInputGroup(PatternRewriter &rewriter, Location loc, Value input,
                          int64_t b, int64_t col, int64_t lanes);

/// The step's new accumulator, column by column: `columnInput(b, col)` once
/// per column, then for each block of `lanes` output channels the block's
/// accumulator replaced by `update(acc, column, block)`.
Value updateAccumulators(
    PatternRewriter &rewriter, Location loc, Value acc,
    const ChannelGroupStep &step, int64_t lanes,
    function_ref<Value(int64_t b, int64_t col)> columnInput,
    function_ref<Value(Value acc, Value column, int64_t block)> update);

} // namespace mlir::qfold

#endif // QFOLD_LIB_CODEGEN_CHANNELGROUPCONTRACTIONS_H
