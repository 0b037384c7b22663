//===- Threads.h - the thread count of compiled code -------------*- C++
//-*-===//
//
// Code compiled with the pipeline's `parallel` option runs its loop nests on
// OpenMP threads, as many as the calling thread's OpenMP thread count (an
// OpenMP per-thread setting, so callers on different threads do not see
// each other's). These helpers choose and set that count.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_RUNTIME_THREADS_H
#define QFOLD_RUNTIME_THREADS_H

namespace mlir::qfold {

/// QFOLD_NUM_THREADS, read once per process (a positive integer; anything
/// else reads as 0); 0 when unset: OpenMP's own default (OMP_NUM_THREADS, or
/// every core).
int getEnvThreadCount();

/// The cores OpenMP may use in this process.
int getAvailableCores();

/// Sets the calling thread's OpenMP thread count to `threads` (when
/// positive) for the lifetime of the object, and restores it after.
class ScopedThreadCount {
public:
  explicit ScopedThreadCount(int threads);
  ~ScopedThreadCount();
  ScopedThreadCount(const ScopedThreadCount &) = delete;
  ScopedThreadCount &operator=(const ScopedThreadCount &) = delete;

private:
  int previous = 0;
};

} // namespace mlir::qfold

#endif // QFOLD_RUNTIME_THREADS_H
