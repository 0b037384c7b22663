//===- ConvPlan.h - which linalg convolution computes a conv2d --*- C++ -*-===//
//
// The plan of a qfold.conv2d's lowering: the linalg convolution (regular,
// depthwise, depthwise with a channel multiplier, grouped), its filter
// layout and the map to the OIHW filter, used both to re-lay out constant
// filters at compile time and as the indexing map of a run-time re-layout.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_CONVERSION_QFOLDTOLINALG_CONVPLAN_H
#define QFOLD_LIB_CONVERSION_QFOLDTOLINALG_CONVPLAN_H

#include "LoweringUtils.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/IR/AffineMap.h"

namespace mlir::qfold::lowering {

enum class ConvKind { Regular, Depthwise, DepthwiseMultiplier, Grouped };

/// Which linalg convolution computes a qfold.conv2d, and where its filter and
/// output channels go.
struct ConvPlan {
  ConvKind kind;
  int64_t outChannels;
  int64_t groups;
  /// The filter layout the linalg op reads, and the map from its dimensions
  /// to the OIHW filter: the single description used both to re-lay out
  /// constants at compile time and as the indexing map of the run-time
  /// re-layout.
  SmallVector<int64_t> filterShape;
  AffineMap filterToOihw;
  /// The linalg op's output channel dimensions ({O}, {C, M} or {G, F}),
  /// collapsed into one afterwards; output channel o = c * M + m = g * F + f.
  SmallVector<int64_t> outChannelDims;
};

ConvPlan planConv(Conv2DOp op);

/// Re-lays out a row-major OIHW buffer into the plan's filter layout.
template <typename T>
SmallVector<T> relayoutFilter(ArrayRef<T> oihw, ArrayRef<int64_t> oihwShape,
                              const ConvPlan &plan) {
  int64_t strides[4] = {oihwShape[1] * oihwShape[2] * oihwShape[3],
                        oihwShape[2] * oihwShape[3], oihwShape[3], 1};
  SmallVector<T> result;
  result.reserve(oihw.size());
  // The map is affine in the destination index: the source offset is a
  // constant plus one coefficient per destination dimension, found once
  // (composing the map per element took seconds on ResNet-18's weights).
  size_t rank = plan.filterShape.size();
  auto offsetOf = [&](ArrayRef<int64_t> index) {
    SmallVector<int64_t> source = plan.filterToOihw.compose(index);
    int64_t offset = 0;
    for (int i = 0; i < 4; ++i)
      offset += source[i] * strides[i];
    return offset;
  };
  SmallVector<int64_t> index(rank, 0);
  int64_t base = offsetOf(index);
  SmallVector<int64_t> coefficients(rank, 0);
  bool linear = llvm::all_of(plan.filterToOihw.getResults(),
                             [](AffineExpr e) { return e.isPureAffine(); });
  for (size_t d = 0; linear && d < rank; ++d) {
    index[d] = 1;
    coefficients[d] = offsetOf(index) - base;
    index[d] = 0;
  }
  for (size_t linearIndex = 0; linearIndex < oihw.size(); ++linearIndex) {
    int64_t offset = base;
    if (linear)
      for (size_t d = 0; d < rank; ++d)
        offset += index[d] * coefficients[d];
    else
      offset = offsetOf(index);
    result.push_back(oihw[offset]);
    // Advance the row-major index of the destination.
    for (int dim = rank - 1; dim >= 0; --dim) {
      if (++index[dim] < plan.filterShape[dim])
        break;
      index[dim] = 0;
    }
  }
  return result;
}

/// The map from the plan's filter dimensions to the output channel.
AffineMap filterToChannel(const ConvPlan &plan);

/// Re-lays out a non-constant filter with a linalg.generic reading the OIHW
/// tensor through the plan's map; `channelTensors` are 1-D per-output-channel
/// tensors also passed to `body`.
Value relayoutFilterAtRuntime(OpBuilder &b, Location loc, Value oihw,
                              const ConvPlan &plan, Type elementType,
                              ValueRange channelTensors, GenericBody body);

} // namespace mlir::qfold::lowering

#endif // QFOLD_LIB_CONVERSION_QFOLDTOLINALG_CONVPLAN_H
