//===- HostTargetTest.cpp - vector targets of named CPUs ------------------===//

#include "qfold/Codegen/HostTarget.h"

#include <gtest/gtest.h>

using namespace mlir::qfold;

namespace {

TEST(HostTarget, NamedCPUs) {
  std::optional<VectorTarget> znver5 = getVectorTargetForCPU("znver5");
  ASSERT_TRUE(znver5.has_value());
  EXPECT_EQ(znver5->lanes, 16);
  EXPECT_EQ(znver5->registers, 32);
  EXPECT_TRUE(znver5->hasVnni && znver5->hasAvx512bw);
  EXPECT_TRUE(znver5->useQuadDotProducts());

  std::optional<VectorTarget> haswell = getVectorTargetForCPU("haswell");
  ASSERT_TRUE(haswell.has_value());
  EXPECT_EQ(haswell->lanes, 8);
  EXPECT_FALSE(haswell->hasVnni);
  EXPECT_TRUE(haswell->usePairDotProducts());
  EXPECT_FALSE(haswell->useQuadDotProducts());

  // AVX-VNNI without AVX-512: quads on ymm.
  std::optional<VectorTarget> alderlake = getVectorTargetForCPU("alderlake");
  ASSERT_TRUE(alderlake.has_value());
  EXPECT_EQ(alderlake->lanes, 8);
  EXPECT_TRUE(alderlake->useQuadDotProducts());

  EXPECT_FALSE(getVectorTargetForCPU("pentium-iv").has_value());
  EXPECT_TRUE(getVectorTargetForCPU("").has_value()); // the host
}

TEST(HostTarget, PrivateCacheSizes) {
  // The L2 per core the channel-block loop order is decided against.
  EXPECT_EQ(getVectorTargetForCPU("znver5")->cacheBytes, 1 << 20);
  EXPECT_EQ(getVectorTargetForCPU("znver3")->cacheBytes, 512 << 10);
  EXPECT_EQ(getVectorTargetForCPU("haswell")->cacheBytes, 256 << 10);
  EXPECT_EQ(getVectorTargetForCPU("icelake-server")->cacheBytes, 1280 << 10);
  EXPECT_EQ(getVectorTargetForCPU("sapphirerapids")->cacheBytes, 2 << 20);
  // This machine's, from sysfs or its CPU's name: some size.
  EXPECT_GT(getVectorTargetForCPU("")->cacheBytes, 0);
}

} // namespace
