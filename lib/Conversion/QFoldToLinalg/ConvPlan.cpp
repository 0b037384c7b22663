//===- ConvPlan.cpp - which linalg convolution computes a conv2d ----------===//

#include "ConvPlan.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

ConvPlan lowering::planConv(Conv2DOp op) {
  MLIRContext *ctx = op.getContext();
  ArrayRef<int64_t> oihw = op.getFilter().getType().getShape();
  int64_t o = oihw[0], cg = oihw[1], kh = oihw[2], kw = oihw[3];
  int64_t c = op.getInput().getType().getDimSize(1);
  int64_t g = op.getGroups();
  AffineExpr d0, d1, d2, d3, d4;
  bindDims(ctx, d0, d1, d2, d3, d4);
  AffineExpr zero = getAffineConstantExpr(0, ctx);

  ConvPlan plan;
  plan.outChannels = o;
  plan.groups = g;
  if (g == 1) {
    plan.kind = ConvKind::Regular; // HWCF
    plan.filterShape = {kh, kw, c, o};
    plan.filterToOihw = AffineMap::get(4, 0, {d3, d2, d0, d1}, ctx);
    plan.outChannelDims = {o};
  } else if (cg == 1 && g == c && o == c) {
    plan.kind = ConvKind::Depthwise; // HWC
    plan.filterShape = {kh, kw, c};
    plan.filterToOihw = AffineMap::get(3, 0, {d2, zero, d0, d1}, ctx);
    plan.outChannelDims = {c};
  } else if (cg == 1 && g == c) {
    int64_t m = o / c;
    plan.kind = ConvKind::DepthwiseMultiplier; // HWCM
    plan.filterShape = {kh, kw, c, m};
    plan.filterToOihw = AffineMap::get(4, 0, {d2 * m + d3, zero, d0, d1}, ctx);
    plan.outChannelDims = {c, m};
  } else {
    int64_t f = o / g;
    plan.kind = ConvKind::Grouped; // GFHWC
    plan.filterShape = {g, f, kh, kw, cg};
    plan.filterToOihw = AffineMap::get(5, 0, {d0 * f + d1, d4, d2, d3}, ctx);
    plan.outChannelDims = {g, f};
  }
  return plan;
}

/// The map from the plan's filter dimensions to the output channel.
AffineMap lowering::filterToChannel(const ConvPlan &plan) {
  return plan.filterToOihw.getSubMap({0});
}

/// Re-lays out a non-constant filter with a linalg.generic reading the OIHW
/// tensor through the plan's map; `channelTensors` are 1-D per-output-channel
/// tensors also passed to `body`.
Value lowering::relayoutFilterAtRuntime(OpBuilder &b, Location loc, Value oihw,
                                        const ConvPlan &plan, Type elementType,
                                        ValueRange channelTensors,
                                        GenericBody body) {
  SmallVector<OpFoldResult> sizes =
      getAsIndexOpFoldResult(b.getContext(), plan.filterShape);
  SmallVector<AffineMap> maps = {plan.filterToOihw};
  maps.append(channelTensors.size(), filterToChannel(plan));
  SmallVector<Value> inputs = {oihw};
  inputs.append(channelTensors.begin(), channelTensors.end());
  return createParallelGeneric(b, loc, sizes, elementType, inputs, maps, body);
}
