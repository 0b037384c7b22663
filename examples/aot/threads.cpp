//===- threads.cpp - an ahead-of-time network called from many threads ----===//
//
// Re-entrancy of qfold-aot's entry points: THREADS callers (default 4) each
// make CALLS calls (default 100) at once, each caller with its own buffers
// and inputs and its own thread count (1, 2 or 3 OpenMP threads, through the
// plain C entry), half of the calls through the memref-descriptor entry.
// Every result must equal, bit for bit, the serial result for its input.
// Built twice by the tests: plain, and with ThreadSanitizer over an object
// qfold-aot instrumented (--sanitize-thread). `shared` as a third argument
// makes every caller write into one output buffer, a race that
// ThreadSanitizer must report (the check that it sees the generated code).
// `--count N` instead makes one call through the plain entry with
// num_threads = N and prints how many threads the process has then (OpenMP
// keeps its workers): the thread count a call actually got.
//
//===----------------------------------------------------------------------===//

#include "conv_bn_relu.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <thread>
#include <vector>

// LLVM's OpenMP runtime, which the object's parallel loop nests use.
extern "C" int omp_get_max_threads(void);

namespace {

constexpr size_t kInputs = 1 * 3 * 16 * 16, kOutputs = 1 * 16 * 8 * 8;

std::vector<float> makeInput(int seed) {
  std::vector<float> input(kInputs);
  for (size_t i = 0; i < kInputs; ++i)
    input[i] = std::sin(0.37f * float(i) + 0.1f * float(seed)) * 0.8f;
  return input;
}

qfold_memref_f32_4d describe(float *data, const int64_t (&shape)[4]) {
  qfold_memref_f32_4d desc;
  desc.allocated = desc.aligned = data;
  desc.offset = 0;
  int64_t stride = 1;
  for (int d = 3; d >= 0; --d) {
    desc.sizes[d] = shape[d];
    desc.strides[d] = stride;
    stride *= shape[d];
  }
  return desc;
}

} // namespace

/// The threads of this process (Linux: /proc/self/task).
int countProcessThreads() {
  int threads = 0;
  if (DIR *dir = opendir("/proc/self/task")) {
    while (dirent *entry = readdir(dir))
      threads += entry->d_name[0] != '.';
    closedir(dir);
  }
  return threads;
}

int main(int argc, char **argv) {
  if (argc == 3 && std::strcmp(argv[1], "--count") == 0) {
    std::vector<float> input = makeInput(0), output(kOutputs);
    int requested = std::atoi(argv[2]);
    int before = omp_get_max_threads();
    qfold_conv_bn_relu(input.data(), output.data(), requested);
    std::printf("threads after a call with num_threads=%d: %d; the caller's "
                "OpenMP count %s\n",
                requested, countProcessThreads(),
                omp_get_max_threads() == before ? "restored" : "CHANGED");
    return 0;
  }
  int callers = argc > 1 ? std::atoi(argv[1]) : 4;
  int calls = argc > 2 ? std::atoi(argv[2]) : 100;
  bool sharedOutput = argc > 3 && std::strcmp(argv[3], "shared") == 0;
  if (callers < 1 || calls < 1) {
    std::fprintf(stderr, "usage: %s [THREADS [CALLS]]\n", argv[0]);
    return 2;
  }
  // One input per caller, its serial result the reference.
  std::vector<std::vector<float>> inputs, expected;
  for (int c = 0; c < callers; ++c) {
    inputs.push_back(makeInput(c));
    expected.emplace_back(kOutputs);
    qfold_conv_bn_relu(inputs[c].data(), expected[c].data(), 1);
  }

  std::vector<int> mismatches(callers, 0);
  std::vector<float> shared(kOutputs);
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] {
      std::vector<float> input = inputs[c], own(kOutputs);
      std::vector<float> &output = sharedOutput ? shared : own;
      const int64_t inShape[4] = {1, 3, 16, 16}, outShape[4] = {1, 16, 8, 8};
      for (int i = 0; i < calls; ++i) {
        // Shared: only the generated code touches the buffer.
        if (!sharedOutput)
          std::fill(output.begin(), output.end(), NAN);
        if (i % 2) {
          qfold_memref_f32_4d in = describe(input.data(), inShape);
          qfold_memref_f32_4d out = describe(output.data(), outShape);
          _mlir_ciface_conv_bn_relu(&in, &out);
        } else {
          qfold_conv_bn_relu(input.data(), output.data(), 1 + (c + i) % 3);
        }
        if (!sharedOutput && std::memcmp(output.data(), expected[c].data(),
                                         kOutputs * sizeof(float)) != 0)
          ++mismatches[c];
      }
    });
  }
  for (std::thread &thread : threads)
    thread.join();

  int total = 0;
  for (int m : mismatches)
    total += m;
  std::printf("%d threads x %d calls: %d results differ from the serial "
              "ones\n",
              callers, calls, total);
  return total == 0 ? 0 : 1;
}
