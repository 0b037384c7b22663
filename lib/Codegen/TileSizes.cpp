//===- TileSizes.cpp - register-blocking choices for convolutions ---------===//

#include "qfold/Codegen/TileSizes.h"

#include <algorithm>

namespace mlir::qfold {

/// Columns per tile: a divisor of the width close to the most that fit (at
/// least three quarters of it), else the most that fit and a peeled
/// remainder.
static int64_t chooseColumns(int64_t outputWidth, int64_t maxColumns) {
  int64_t columns = std::min(outputWidth, maxColumns);
  for (int64_t c = columns; 4 * c >= 3 * columns; --c)
    if (outputWidth % c == 0)
      return c;
  return columns;
}

ConvRegisterTile
chooseConvRegisterTile(int64_t outputWidth, int64_t outputChannels,
                       int64_t kernelWidth, int64_t vectorLanes,
                       int64_t vectorRegisters, ConvStepKind kind) {
  bool quadDots = kind == ConvStepKind::quadDots;
  // With 32 registers a float convolution steps over one kernel column at a
  // time: each step holds that column's filter vectors and one broadcast,
  // and no broadcast stays live for the next kernel columns. With all
  // columns in one step LLVM kept those broadcasts and spilled accumulators
  // in the inner loop even with registers reserved for them (measured on
  // Zen 5: 3x3 tiles of 11 columns with spills -> 14 columns without, W1
  // fp32 ~2240 -> ~2040 us, W4 ~2190 -> ~2020 us). Quads keep whole kernel
  // rows: their flipped broadcasts are worth reusing (a kernel-column loop
  // made W4 int8 ~590 -> ~690-760 us); AVX2 keeps its measured tiles.
  bool kernelColumnLoop = kind == ConvStepKind::floatFma &&
                          vectorRegisters >= 32 && kernelWidth > 1;
  if (kernelColumnLoop)
    kernelWidth = 1;
  // Channels: two vectors when they divide the channel count, else one, else
  // all channels when there are fewer than a vector's worth.
  int64_t channels;
  if (outputChannels % (2 * vectorLanes) == 0)
    channels = 2 * vectorLanes;
  else if (outputChannels >= vectorLanes)
    channels = vectorLanes;
  else
    channels = outputChannels;
  int64_t vectorsPerColumn = (channels + vectorLanes - 1) / vectorLanes;
  // A reduction step holds the filter vectors of every kernel column and one
  // broadcast input; the accumulators get the other registers. (More
  // accumulators than that spill in the inner loop: measured on AVX2, 6
  // columns x 16 channels is the fastest 1x1 tile and 4 x 16 the fastest
  // 3x3 one.)
  int64_t held = 1 + kernelWidth * vectorsPerColumn;
  // Quads also hold each filter vector's correction and the sign-flip
  // constant, and keep the sign-flipped broadcasts that the next kernel
  // columns read again (measured on Zen 5: W1 int8 3x3 11 -> 8 columns
  // ~650 -> ~605 us, the spills gone). Since the corrections of a constant
  // filter are tabulated outside the tiles (qfold-lower-quad-dot-products)
  // their two registers are free, but two more accumulators measured no
  // faster (W1/W2/W4 int8 within 1%), so the reserve stays.
  if (quadDots)
    held += vectorsPerColumn + 1;
  // With 32 registers the tile is wide enough that the broadcasts later
  // kernel columns read again stay live too (quads and fp32 alike; measured
  // on Zen 5, fp32 3x3 12 -> 11 columns: W1 ~2700-4700 -> ~2200-3000 us,
  // W4 ~3500-4400 -> ~2200-3300 us, the spills gone). AVX2's 16 registers
  // keep their measured tiles (4 x 16 for 3x3).
  if (quadDots || vectorRegisters >= 32)
    held += kernelWidth - 1;
  int64_t accumulators =
      std::max<int64_t>(vectorsPerColumn, vectorRegisters - held);
  int64_t maxColumns =
      std::clamp<int64_t>(accumulators / vectorsPerColumn, 1, 16);

  return {chooseColumns(outputWidth, maxColumns), channels, kernelColumnLoop};
}

ConvRegisterTile
chooseDepthwiseQuadTile(int64_t outputRows, int64_t outputWidth,
                        int64_t outputChannels, int64_t kernelWidth,
                        bool rowsShareQuads, int64_t vectorLanes,
                        int64_t vectorRegisters) {
  int64_t channels = std::min(outputChannels, vectorLanes);
  if (!rowsShareQuads || vectorRegisters < 32 || outputRows < 2)
    return chooseConvRegisterTile(outputWidth, channels, kernelWidth,
                                  vectorLanes, vectorRegisters,
                                  ConvStepKind::quadDots);
  // Two rows: the column being interleaved and the next one, the flip
  // constant and a spare; the rest are accumulators, half per row. The
  // filter quads (two per kernel column) are read as vpdpbusd's memory
  // operand (measured on Zen 5, W3 int8 3x3: 14 columns ~123 us, 11 ~124,
  // 8 ~131, with one row per tile ~138).
  int64_t held = 4;
  int64_t maxColumns = std::clamp<int64_t>((vectorRegisters - held) / 2, 1, 16);
  ConvRegisterTile tile{chooseColumns(outputWidth, maxColumns), channels};
  tile.rows = 2;
  return tile;
}

bool chooseChannelBlocksOutermost(int64_t filterBytes, int64_t outputRows,
                                  int64_t channelBlocks, int64_t cacheBytes) {
  // Measured on Zen 5 (1 MiB L2): ResNet-18 fp32, whose last stages have
  // 2.4 and 9.4 MB filters over 14 and 7 rows, 48.6 -> 39.9 ms with every
  // conv's blocks outermost; MobileNetV2 int8 (filters of 410 KB at most)
  // lost 5.2 -> 5.9 ms that way, so small filters keep rows outermost.
  return outputRows > 1 && channelBlocks > 1 && 2 * filterBytes > cacheBytes;
}

/// Quads where `dot` asks for them, or by default on VNNI targets.
static bool quadsChosen(Int8DotKind dot, const VectorTarget &target) {
  return dot == Int8DotKind::quads ||
         (dot == Int8DotKind::autoSelect && target.useQuadDotProducts());
}

} // namespace mlir::qfold

int64_t mlir::qfold::chooseIntegerChannelGroup(int64_t inputChannels,
                                               bool constantI8Filter,
                                               Int8DotKind dot,
                                               const VectorTarget &target) {
  bool quads = quadsChosen(dot, target);
  bool pairs =
      dot == Int8DotKind::pairs || ((dot == Int8DotKind::autoSelect || quads) &&
                                    target.usePairDotProducts());
  if (quads && inputChannels % 4 == 0 && constantI8Filter)
    return 4;
  if (pairs && inputChannels % 2 == 0)
    return 2;
  return 1;
}

bool mlir::qfold::chooseDepthwiseQuads(int64_t kernelRows,
                                       bool constantI8Filter, Int8DotKind dot,
                                       const VectorTarget &target) {
  // One kernel row makes the tile a 1-D convolution, which the widened
  // path vectorizes.
  return quadsChosen(dot, target) && constantI8Filter && kernelRows >= 2 &&
         kernelRows <= 4;
}
