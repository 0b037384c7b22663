//===- AllocatorTest.cpp - heap settings for repeated calls ---------------===//

#include "qfold/Runtime/Allocator.h"

#include <gtest/gtest.h>

#include <cstdlib>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QFOLD_ASAN 1
#endif
#endif

namespace {

// glibc's allocator: AddressSanitizer replaces it (its mallopt does nothing
// and its quarantine never hands a freed block straight back).
#if defined(__GLIBC__) && !defined(QFOLD_ASAN)
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
