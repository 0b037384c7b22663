//===- TileSizesTest.cpp - register tile choices --------------------------===//

#include "qfold/Codegen/TileSizes.h"

#include <gtest/gtest.h>

using namespace mlir::qfold;

namespace {

constexpr ConvStepKind fma = ConvStepKind::floatFma;
constexpr ConvStepKind integer = ConvStepKind::integer;
constexpr ConvStepKind quads = ConvStepKind::quadDots;

TEST(TileSizes, Avx512Layers) {
  // 16 lanes, 32 registers. Float 3x3 steps over one kernel column: 32 - 1
  // broadcast - 2 filter vectors = 29 accumulators, 14 columns divide 56.
  ConvRegisterTile w1 = chooseConvRegisterTile(56, 64, 3, 16, 32, fma);
  EXPECT_EQ(w1.channels, 32);
  EXPECT_EQ(w1.columns, 14);
  EXPECT_TRUE(w1.kernelColumnLoop);
  ConvRegisterTile w2 = chooseConvRegisterTile(56, 64, 1, 16, 32, fma);
  EXPECT_EQ(w2.columns, 14);         // 29 accumulators, 14 columns divide 56
  EXPECT_FALSE(w2.kernelColumnLoop); // one kernel column already
  ConvRegisterTile w3 = chooseConvRegisterTile(56, 144, 1, 16, 32, fma);
  EXPECT_EQ(w3.channels, 16); // 144 is not a multiple of 32
  EXPECT_EQ(w3.columns, 14);  // 30 accumulators, capped at 16, 14 divides
  ConvRegisterTile w4 = chooseConvRegisterTile(28, 128, 3, 16, 32, fma);
  EXPECT_EQ(w4.columns, 14);
  EXPECT_TRUE(w4.kernelColumnLoop);
}

TEST(TileSizes, Avx512IntegerKeepsKernelRows) {
  // Widened or paired integer steps hold every kernel column's filter
  // vectors and the reused broadcasts: 32 - 1 - 3 x 2 - 2 = 23 accumulators,
  // 11 columns (no divisor of 56 in [9, 11]: 11 and a peeled remainder).
  ConvRegisterTile w1 = chooseConvRegisterTile(56, 64, 3, 16, 32, integer);
  EXPECT_EQ(w1.columns, 11);
  EXPECT_FALSE(w1.kernelColumnLoop);
}

TEST(TileSizes, QuadDotsHoldCorrections) {
  // 32 - 1 broadcast - 3 x 2 filter vectors - 2 corrections - 1 sign-flip
  // constant - 2 reused broadcasts = 20 accumulators: 10 columns at most,
  // 8 divides 56.
  ConvRegisterTile w1 = chooseConvRegisterTile(56, 64, 3, 16, 32, quads);
  EXPECT_EQ(w1.channels, 32);
  EXPECT_EQ(w1.columns, 8);
  // 1x1: 32 - 1 - 2 - 3 = 26 accumulators, 13 columns.
  EXPECT_EQ(chooseConvRegisterTile(56, 64, 1, 16, 32, quads).columns, 13);
}

TEST(TileSizes, Avx2Layers) {
  // 8 lanes, 16 registers.
  ConvRegisterTile w1 = chooseConvRegisterTile(56, 64, 3, 8, 16, fma);
  EXPECT_EQ(w1.channels, 16);
  EXPECT_EQ(w1.columns, 4); // 16 - 1 - 3 x 2 = 9 accumulators: 4 columns
  // 1x1: 16 - 1 - 2 = 13 accumulators, 6 columns; 56 has no divisor in
  // [5, 6], so 6 and a peeled remainder of 2.
  ConvRegisterTile w2 = chooseConvRegisterTile(56, 64, 1, 8, 16, fma);
  EXPECT_EQ(w2.channels, 16);
  EXPECT_EQ(w2.columns, 6);
  ConvRegisterTile w4 = chooseConvRegisterTile(28, 128, 3, 8, 16, fma);
  EXPECT_EQ(w4.columns, 4);
}

TEST(TileSizes, DivisorCloseToTheMost) {
  // 1x1 on AVX2 (6 columns fit): 30 is divided by 6, 35 by 5 (kept), 28's
  // best divisor 4 is too small (peel instead).
  EXPECT_EQ(chooseConvRegisterTile(30, 16, 1, 8, 16, fma).columns, 6);
  EXPECT_EQ(chooseConvRegisterTile(35, 16, 1, 8, 16, fma).columns, 5);
  EXPECT_EQ(chooseConvRegisterTile(28, 16, 1, 8, 16, fma).columns, 6);
}

TEST(TileSizes, ChannelBlocksOutermostForLargeFilters) {
  constexpr int64_t mib = 1 << 20;
  // ResNet-18's last stage (3x3x512x512 f32, 9.4 MB, 7 rows) and third
  // (2.4 MB, 14 rows) with 1 MiB of L2: the blocks go outermost.
  EXPECT_TRUE(chooseChannelBlocksOutermost(9437184, 7, 16, mib));
  EXPECT_TRUE(chooseChannelBlocksOutermost(2359296, 14, 8, mib));
  // A 3x3x64x64 f32 filter (147 KB) stays in the cache across rows.
  EXPECT_FALSE(chooseChannelBlocksOutermost(147456, 56, 2, mib));
  // Half the cache is the line: 590 KB is over it with 1 MiB, not 2 MiB.
  EXPECT_TRUE(chooseChannelBlocksOutermost(589824, 28, 4, mib));
  EXPECT_FALSE(chooseChannelBlocksOutermost(589824, 28, 4, 2 * mib));
  // One row or one block: nothing to reorder.
  EXPECT_FALSE(chooseChannelBlocksOutermost(9437184, 1, 16, mib));
  EXPECT_FALSE(chooseChannelBlocksOutermost(9437184, 7, 1, mib));
}

TEST(TileSizes, DepthwiseRowsShareQuads) {
  EXPECT_TRUE(depthwiseRowsShareQuads(1, 1, 3));
  EXPECT_TRUE(depthwiseRowsShareQuads(1, 1, 2));
  // Stride or dilation 2 over rows: the next row reads other input rows.
  EXPECT_FALSE(depthwiseRowsShareQuads(2, 1, 3));
  EXPECT_FALSE(depthwiseRowsShareQuads(1, 2, 3));
  // Four kernel rows and the one below do not fit a quad.
  EXPECT_FALSE(depthwiseRowsShareQuads(1, 1, 4));
}

TEST(TileSizes, DepthwiseQuadTiles) {
  // W3 (56x56, 144 channels, 3x3, stride 1): two rows of 14 columns of one
  // vector of channels, 28 accumulators.
  ConvRegisterTile w3 = chooseDepthwiseQuadTile(56, 56, 144, 3, true, 16, 32);
  EXPECT_EQ(w3.rows, 2);
  EXPECT_EQ(w3.columns, 14);
  EXPECT_EQ(w3.channels, 16);
  // Rows that share no input rows, a single output row, or 16 registers:
  // one row, the tile of the other convolutions with quads.
  for (ConvRegisterTile tile :
       {chooseDepthwiseQuadTile(56, 56, 144, 3, false, 16, 32),
        chooseDepthwiseQuadTile(1, 56, 144, 3, true, 16, 32)}) {
    EXPECT_EQ(tile.rows, 1);
    EXPECT_EQ(tile.columns,
              chooseConvRegisterTile(56, 16, 3, 16, 32, quads).columns);
    EXPECT_EQ(tile.channels, 16);
  }
  ConvRegisterTile ymm = chooseDepthwiseQuadTile(56, 56, 144, 3, true, 8, 16);
  EXPECT_EQ(ymm.rows, 1);
  EXPECT_EQ(ymm.channels, 8);
  // Fewer channels than a vector: all of them.
  EXPECT_EQ(chooseDepthwiseQuadTile(8, 8, 8, 3, true, 16, 32).channels, 8);
}

TEST(TileSizes, FewChannels) {
  // 3 channels in one vector: 16 - 1 - 3 = 12 accumulators, all 8 columns.
  ConvRegisterTile tile = chooseConvRegisterTile(8, 3, 3, 8, 16, fma);
  EXPECT_EQ(tile.channels, 3);
  EXPECT_EQ(tile.columns, 8);
}

TEST(TileSizes, WideKernelsKeepOneColumn) {
  // A 7-wide kernel's 14 filter vectors leave one accumulator per vector.
  ConvRegisterTile tile = chooseConvRegisterTile(56, 64, 7, 8, 16, fma);
  EXPECT_EQ(tile.columns, 1);
  EXPECT_EQ(tile.channels, 16);
}

} // namespace
