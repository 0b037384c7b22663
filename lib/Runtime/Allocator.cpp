//===- Allocator.cpp - heap settings for repeated calls -------------------===//

#include "qfold/Runtime/Allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void mlir::qfold::keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}
