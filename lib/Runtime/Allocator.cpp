//===- Allocator.cpp - heap settings for repeated calls -------------------===//

#include "qfold/Runtime/Allocator.h"

// A C library header first: it defines __GLIBC__ (without one the test
// below is false and the settings silently not made, as they were until
// 2026-11-30).
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

bool mlir::qfold::keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
  return mallopt(M_MMAP_THRESHOLD, 256 << 20) == 1 &&
         mallopt(M_TRIM_THRESHOLD, 512 << 20) == 1;
#else
  return false;
#endif
}
