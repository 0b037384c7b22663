//===- AllocatorTest.cpp - heap settings for repeated calls ---------------===//

#include "qfold/Runtime/Allocator.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

#if defined(__GLIBC__)
// glibc takes both settings (the function once tested __GLIBC__ before any
// C library header had defined it, and made none).
TEST(Allocator, GlibcTakesTheSettings) {
  EXPECT_TRUE(mlir::qfold::keepFreedMemoryForReuse());
}

// A 4 MiB block freed and allocated again comes back from the heap at the
// same address, not from a fresh mapping.
TEST(Allocator, LargeBlocksAreReused) {
  ASSERT_TRUE(mlir::qfold::keepFreedMemoryForReuse());
  constexpr size_t size = 4 << 20;
  void *first = std::malloc(size);
  ASSERT_NE(first, nullptr);
  std::free(first);
  void *second = std::malloc(size);
  EXPECT_EQ(first, second);
  std::free(second);
}
#endif

} // namespace
