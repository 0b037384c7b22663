//===- Transforms.h - steps of qfold's CPU conv strategy -------*- C++ -*-===//
//
// One transformation per file under lib/Codegen, each a function the
// qfold-tile-and-vectorize-convs driver calls in order (as upstream Linalg
// keeps Tiling.cpp, Vectorization.cpp, Hoisting.cpp apart):
//   ConvTiling.cpp               register-block tiling, 1-D tiles, peeling
//   AccumulatorBias.cpp          integer accumulators that start at the bias
//   PoolTiling.cpp               pools in 1-D, vector-sized tiles
//   PaddedConvSplitting.cpp      depthwise convs on the unpadded input
//   GroupedConvSplitting.cpp     grouped convs as one conv per group
//   IntegerWidening.cpp          i8 operands widened once, not per step
//   ChannelGroupInterleaving.cpp constant filters laid out for vpmaddwd and
//                                vpdpbusd
//   DepthwiseQuadTiles.cpp       int8 depthwise tiles as quads of kernel rows
//   DataMovementTiling.cpp       transposes, copies, elementwise ops in blocks
//   TileVectorization.cpp        vectorizing the static tiles
// The tile sizes come from TileSizes.h.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_CODEGEN_TRANSFORMS_H
#define QFOLD_CODEGEN_TRANSFORMS_H

#include "qfold/Codegen/TileSizes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

#include <optional>
#include <utility>

namespace mlir::qfold {

//===----------------------------------------------------------------------===//
// ConvTiling.cpp
//===----------------------------------------------------------------------===//

/// A convolution the strategy handles: a static NHWC linalg conv or
/// depthwise conv (channel multiplier 1).
struct ConvInfo {
  linalg::LinalgOp op;
  bool depthwise;
  int64_t outputWidth;
  int64_t outputChannels;
  /// Integer operands and accumulator (a quantized convolution).
  bool integer;
  /// The reduction's channel count (HWCF filter dimension 2).
  int64_t inputChannels;
  /// Kernel columns (filter dimension 1).
  int64_t kernelWidth;
};

std::optional<ConvInfo> matchConv(Operation *op);

/// The elementwise linalg.generic that is the convolution result's only user
/// and reads it with an identity map (the epilogue of convert-qfold-to-linalg).
linalg::GenericOp getConvEpilogue(linalg::LinalgOp conv);

/// The tile [offsets, sizes) of `epilogue` computed from `piece`, the value
/// of that tile of `whole` (the operand the epilogue reads: a convolution's
/// result), and written into `result` (the epilogue's result so far):
/// returns `result` with the tile inserted, or failure. For convolutions
/// computed in pieces (border regions, channel groups), each piece with its
/// slice of the epilogue.
FailureOr<Value> writeEpilogueTile(RewriterBase &rewriter,
                                   linalg::GenericOp epilogue, Value whole,
                                   Value piece, ArrayRef<OpFoldResult> offsets,
                                   ArrayRef<OpFoldResult> sizes, Value result);

/// Tiles `op` by `sizes` (0: not tiled) with scf.for loops and replaces it
/// by the tiled loops' results.
FailureOr<scf::SCFTilingResult>
tileAndReplace(RewriterBase &rewriter, Operation *op, ArrayRef<int64_t> sizes);

/// Tiles `info.op` (and its epilogue, fused) over the register block.
/// Returns the tiled convolution and the loops over the block.
FailureOr<std::pair<Operation *, SmallVector<LoopLikeOpInterface>>>
tileConvParallelDims(RewriterBase &rewriter, ConvInfo info,
                     const ConvRegisterTile &tile);

/// Tiles the kernel rows to 1 (and the kernel columns, with
/// `kernelColumnLoop`) and the input channels of a regular convolution to
/// `channelStep`: with one output row per tile this makes the convolution
/// 1-D.
LogicalResult tileConvReductionDims(RewriterBase &rewriter, Operation *conv,
                                    bool depthwise, bool kernelColumnLoop,
                                    int64_t channelStep);

/// Peels the last, partial iteration of every loop whose step does not
/// divide its extent, so that every tile has a static shape.
void peelPartialTiles(RewriterBase &rewriter,
                      ArrayRef<LoopLikeOpInterface> loops);

//===----------------------------------------------------------------------===//
// AccumulatorBias.cpp
//===----------------------------------------------------------------------===//

/// An integer `conv` into a zero fill whose epilogue first adds a
/// per-channel bias to it: the accumulator starts at the bias (a broadcast,
/// fused into the tiles like the fill) and the epilogue's add is dropped.
/// Returns whether it applied.
bool startAccumulatorAtBias(RewriterBase &rewriter, linalg::LinalgOp conv);

//===----------------------------------------------------------------------===//
// ParallelizeLoopNests.cpp
//===----------------------------------------------------------------------===//

/// Marks scf.for `loops` as parallel (`qfold.parallel`): their iterations
/// are independent, for qfold-parallelize-loop-nests.
void markParallelLoops(ArrayRef<LoopLikeOpInterface> loops);

/// Marks the loops of tiling `tiled` by `sizes` that tile a parallel
/// dimension of it.
void markParallelTileLoops(Operation *tiled, ArrayRef<int64_t> sizes,
                           ArrayRef<LoopLikeOpInterface> loops);

//===----------------------------------------------------------------------===//
// PaddedConvSplitting.cpp
//===----------------------------------------------------------------------===//

/// A depthwise conv(pad(x)) with stride and dilation 1 on a large input,
/// computed as the convolution of the unpadded x over the interior of the
/// output and, over the border, of the taps that read x alone (zero
/// padding, or integer padding with a constant filter: the accumulator
/// starts from the padded taps' sum) or of small padded slices of x, each
/// piece with its slice of the epilogue: no padded copy of x. Regular
/// convolutions keep the copy (measured slower when split). Returns the
/// convolutions to tile (just `info`'s when it does not apply).
SmallVector<Operation *> splitPaddedDepthwiseConv(RewriterBase &rewriter,
                                                  const ConvInfo &info);

//===----------------------------------------------------------------------===//
// GroupedConvSplitting.cpp
//===----------------------------------------------------------------------===//

/// A grouped convolution (static, at most 16 groups of at least 8 output
/// channels, into a zero-filled accumulator) computed as one regular NHWC
/// convolution per group on its channel slices, each with its slice of the
/// epilogue. Returns the groups' convolutions (none when it does not apply).
SmallVector<Operation *> splitGroupedConv(RewriterBase &rewriter,
                                          linalg::Conv2DNhwgcGfhwcOp conv);

//===----------------------------------------------------------------------===//
// IntegerWidening.cpp
//===----------------------------------------------------------------------===//

/// Replaces the i8 input of `conv` by its sign extension to i16, before the
/// padding and fused with the elementwise op producing it (the u8 sign flip).
void widenInputToI16(RewriterBase &rewriter, linalg::LinalgOp conv);

/// Replaces a constant i8 filter of `conv` by the same values sign-extended
/// to `bits` (16 for pair dot products, 32 for widening multiplies),
/// computed at compile time.
void widenConstantFilter(RewriterBase &rewriter, linalg::LinalgOp conv,
                         unsigned bits);

//===----------------------------------------------------------------------===//
// ChannelGroupInterleaving.cpp
//===----------------------------------------------------------------------===//

/// Re-lays the constant filters that vectorized convolutions read `group`
/// input channels at a time as [.., C/group, group*F] with each group's rows
/// interleaved, one vector per kernel column in the order vpmaddwd (pairs)
/// or vpdpbusd (quads) multiplies (after vectorization and the folding of
/// slices into transfers).
void interleaveConstantFilterGroups(RewriterBase &rewriter, func::FuncOp func,
                                    int64_t group);

//===----------------------------------------------------------------------===//
// DataMovementTiling.cpp
//===----------------------------------------------------------------------===//

/// True for an elementwise linalg.generic (identity maps, all parallel):
/// data movement such as the sign flip of u8 inputs or a widening.
bool isIdentityElementwise(linalg::LinalgOp op);

/// Fuses the producer of `operand` (an input of an identity elementwise
/// linalg.generic) into its consumer when the producer is a parallel
/// linalg.generic writing its one result in order (reading per-channel
/// operands too: a convolution's epilogue) and has no other user: one pass over
/// the data instead of an intermediate written and read back. Returns the fused
/// op (where the consumer was), or null.
linalg::GenericOp fuseElementwiseProducer(RewriterBase &rewriter,
                                          OpOperand &operand);

/// Fuses each identity elementwise op into the op that produces one of its
/// inputs alone (fuseElementwiseProducer): a convolution's epilogue then
/// writes the next convolution's sign-flipped input, or the residual sum
/// (and its ReLU), instead of a pass of their own over the activation.
void fuseElementwiseChains(RewriterBase &rewriter, func::FuncOp func);

/// A function argument inserted into a padded tensor is copied in by a
/// linalg.copy (tiled into rows with the rest of the data movement).
void copyInsertedArguments(RewriterBase &rewriter, func::FuncOp func);

/// Tiles the layout transposes (`lanes` x `lanes` blocks), copies and
/// elementwise ops outside the convolution tiles (rows of at most 256
/// elements), and peels their partial tiles.
void tileDataMovement(RewriterBase &rewriter, func::FuncOp func, int64_t lanes);

//===----------------------------------------------------------------------===//
// PoolTiling.cpp
//===----------------------------------------------------------------------===//

/// Tiles the NHWC pooling ops (max, unsigned max, sum) over one output row,
/// a block of columns and a vector of channels (`lanes` f32 lanes), with
/// their accumulator's fill fused, and their kernel rows to one: 1-D tiles
/// for the vectorizer.
void tilePools(RewriterBase &rewriter, func::FuncOp func, int64_t lanes);

//===----------------------------------------------------------------------===//
// TileVectorization.cpp
//===----------------------------------------------------------------------===//

/// Vectorizes the static linalg ops that tiling put inside loops.
void vectorizeTiles(RewriterBase &rewriter, func::FuncOp func);

//===----------------------------------------------------------------------===//
// DepthwiseQuadTiles.cpp
//===----------------------------------------------------------------------===//

/// Rewrites the static tiles of int8 depthwise convolutions left with their
/// kernel rows (one output row, at most 16 columns and channels, at most four
/// kernel rows; or two output rows of stride and dilation 1 and at most three
/// kernel rows) as qfold.quad_dot over the kernel rows: the input column's
/// rows interleaved per channel (flipped to unsigned) against the filter's,
/// once for both rows of a two-row tile.
void vectorizeDepthwiseQuadTiles(RewriterBase &rewriter, func::FuncOp func);

/// transfer_read(transfer_write(v, t)) where the write covers all of t:
/// v itself for a read of all of t with its leading unit dimensions dropped,
/// and a splat v for any read (the accumulator's zero fill or bias broadcast
/// is written 4-D and read back with fewer dimensions, which upstream does
/// not forward).
void populateForwardFullWritePatterns(RewritePatternSet &patterns);

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_TRANSFORMS_H
