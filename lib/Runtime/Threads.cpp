//===- Threads.cpp - the thread count of compiled code --------------------===//

#include "qfold/Runtime/Threads.h"

#include <cstdlib>

// LLVM's OpenMP runtime (libomp), declared here rather than through omp.h,
// which only clang's resource directory has.
extern "C" {
int omp_get_max_threads(void);
void omp_set_num_threads(int);
int omp_get_num_procs(void);
}

using namespace mlir::qfold;

int mlir::qfold::getEnvThreadCount() {
  static const int threads = [] {
    const char *value = std::getenv("QFOLD_NUM_THREADS");
    if (!value || !*value)
      return 0;
    char *end = nullptr;
    long parsed = std::strtol(value, &end, 10);
    return *end == '\0' && parsed > 0 && parsed <= 4096
               ? static_cast<int>(parsed)
               : 0;
  }();
  return threads;
}

int mlir::qfold::getAvailableCores() { return omp_get_num_procs(); }

ScopedThreadCount::ScopedThreadCount(int threads) {
  if (threads <= 0)
    return;
  previous = omp_get_max_threads();
  omp_set_num_threads(threads);
}

ScopedThreadCount::~ScopedThreadCount() {
  if (previous > 0)
    omp_set_num_threads(previous);
}
