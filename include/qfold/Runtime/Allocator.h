//===- Allocator.h - heap settings for repeated calls ------------*- C++
//-*-===//
//
// Compiled functions allocate their intermediate buffers with malloc and
// free them before returning. glibc serves blocks of 128 KiB and more with
// fresh mmaps and returns them with munmap, so a network called again and
// again page-faults every intermediate back in on every call: serial kernel
// work that took a quarter of MobileNetV2's time on two threads. An
// inference runtime keeps such memory in an arena; a process that calls
// compiled code repeatedly can have glibc do the same.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_RUNTIME_ALLOCATOR_H
#define QFOLD_RUNTIME_ALLOCATOR_H

namespace mlir::qfold {

/// Keeps freed blocks of up to 256 MiB in the process's heap for reuse
/// instead of returning them to the kernel (glibc's M_MMAP_THRESHOLD and
/// M_TRIM_THRESHOLD; the same as MALLOC_MMAP_THRESHOLD_=268435456
/// MALLOC_TRIM_THRESHOLD_=536870912 in the environment). Call once, early.
/// Returns whether glibc took both settings (false with another C library).
bool keepFreedMemoryForReuse();

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_ALLOCATOR_H
