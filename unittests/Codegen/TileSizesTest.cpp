//===- TileSizesTest.cpp - register tile choices --------------------------===//

#include "qfold/Codegen/TileSizes.h"

#include <gtest/gtest.h>

using namespace mlir::qfold;

namespace {

TEST(TileSizes, Avx512Layers) {
  // 16 lanes, 28 accumulator registers.
  ConvRegisterTile w1 = chooseConvRegisterTile(56, 64, 16, 28);
  EXPECT_EQ(w1.channels, 32);
  EXPECT_EQ(w1.columns, 14); // 28 / 2 vectors = 14 columns, divides 56
  ConvRegisterTile w3 = chooseConvRegisterTile(56, 144, 16, 28);
  EXPECT_EQ(w3.channels, 16); // 144 is not a multiple of 32
  EXPECT_EQ(w3.columns, 14);
  ConvRegisterTile w4 = chooseConvRegisterTile(28, 128, 16, 28);
  EXPECT_EQ(w4.columns, 14);
}

TEST(TileSizes, Avx2Layers) {
  // 8 lanes, 12 accumulator registers.
  ConvRegisterTile w1 = chooseConvRegisterTile(56, 64, 8, 12);
  EXPECT_EQ(w1.channels, 16);
  EXPECT_EQ(w1.columns, 4); // 6 fit; the largest divisor of 56 >= 3 is 4
  ConvRegisterTile w4 = chooseConvRegisterTile(28, 128, 8, 12);
  EXPECT_EQ(w4.columns, 4);
}

TEST(TileSizes, NoGoodDivisorPeels) {
  // 13 columns: no divisor in [4, 6], so 6 and a peeled remainder.
  ConvRegisterTile tile = chooseConvRegisterTile(13, 16, 8, 12);
  EXPECT_EQ(tile.columns, 6);
}

TEST(TileSizes, FewChannels) {
  ConvRegisterTile tile = chooseConvRegisterTile(8, 3, 8, 12);
  EXPECT_EQ(tile.channels, 3);
  EXPECT_EQ(tile.columns, 8); // 12 columns fit, all 8 taken
}

} // namespace
