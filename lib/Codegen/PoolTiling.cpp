//===- PoolTiling.cpp - NHWC pools in vector-sized tiles ------------------===//
//
// A pool is a depthwise convolution without a filter: tiled like one, over
// one output row, a block of output columns and a vector of channels, with
// the fill of its accumulator fused into the tile and the kernel rows tiled
// to one, it becomes a 1-D NWC pooling op that linalg's vectorizer turns
// into vector maximums or sums (the scalar loops took a quarter of an int8
// ResNet-18).
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// Output columns per tile: enough independent vectors to hide the
/// latency of a maximum or an add, few enough to stay in registers.
constexpr int64_t kPoolColumns = 8;
/// The vectorizer unrolls a 1-D tile over every input column its window
/// reaches; beyond this many the pool keeps its loops (1-D signal pools
/// with windows of hundreds of taps).
constexpr int64_t kMaxInputColumns = 64;
/// Fewer channels than this fill too little of a vector to pay for the
/// unrolling (and a channel-less vector lowers through stack temporaries).
constexpr int64_t kMinChannels = 4;

bool isNhwcPool(Operation *op) {
  return isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcMaxUnsignedOp,
             linalg::PoolingNhwcSumOp>(op);
}

} // namespace

void mlir::qfold::tilePools(RewriterBase &rewriter, func::FuncOp func,
                            int64_t lanes) {
  SmallVector<linalg::LinalgOp> pools;
  func.walk([&](linalg::LinalgOp op) {
    if (isNhwcPool(op) && !op->getParentOfType<scf::ForOp>() &&
        op.hasPureTensorSemantics() &&
        llvm::all_of(op->getOperandTypes(), [](Type type) {
          return cast<ShapedType>(type).hasStaticShape();
        }))
      pools.push_back(op);
  });
  for (linalg::LinalgOp pool : pools) {
    auto outputType = cast<ShapedType>(pool.getDpsInits()[0].getType());
    // One vector of the accumulator's element type (f32 lanes scaled by
    // its width: 64 i8 or 16 i32 on AVX-512).
    int64_t vector =
        lanes * 32 / outputType.getElementType().getIntOrFloatBitWidth();
    int64_t channels = std::min<int64_t>(outputType.getDimSize(3), vector);
    int64_t kernelWidth =
        cast<ShapedType>(pool.getDpsInputs()[1].getType()).getDimSize(1);
    auto attrValue = [&](StringRef name) {
      return cast<DenseIntElementsAttr>(pool->getAttr(name))
          .getValues<int64_t>()[1];
    };
    int64_t stride = attrValue("strides"), dilation = attrValue("dilations");
    int64_t columns = std::min<int64_t>(outputType.getDimSize(2), kPoolColumns);
    auto inputColumns = [&](int64_t c) {
      return (c - 1) * stride + (kernelWidth - 1) * dilation + 1;
    };
    while (columns > 1 && inputColumns(columns) > kMaxInputColumns)
      --columns;
    if (channels < kMinChannels || inputColumns(columns) > kMaxInputColumns)
      continue;

    scf::SCFTileAndFuseOptions options;
    options.tilingOptions.setTileSizes(getAsIndexOpFoldResult(
        rewriter.getContext(), {1, 1, columns, channels, 0, 0}));
    // The accumulator's fill, nothing above it: the padded input is
    // computed once, not per tile.
    options.setFusionControlFn(
        [](tensor::ExtractSliceOp, OpResult producer,
           bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if (isa<linalg::FillOp>(producer.getOwner()))
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
          return std::nullopt;
        });
    rewriter.setInsertionPoint(pool);
    FailureOr<scf::SCFTileAndFuseResult> fused =
        scf::tileConsumerAndFuseProducersUsingSCF(
            rewriter, cast<TilingInterface>(pool.getOperation()), options);
    if (failed(fused))
      continue;
    // Batch, rows, columns and channels: all parallel.
    markParallelLoops(fused->loops);
    for (OpResult result : pool->getResults())
      if (Value replacement = fused->replacements.lookup(result))
        rewriter.replaceAllUsesWith(result, replacement);
    Operation *tiled = nullptr;
    for (Operation *op : fused->tiledAndFusedOps)
      if (isNhwcPool(op))
        tiled = op;
    // Kernel rows one at a time: with one output row the tile is 1-D.
    if (tiled)
      (void)tileAndReplace(rewriter, tiled, {0, 0, 0, 0, 1, 0});
    peelPartialTiles(rewriter, fused->loops);
  }
}
