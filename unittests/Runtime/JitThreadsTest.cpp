//===- JitThreadsTest.cpp - JIT-compiled functions called from threads ----===//
//
// A JitFunction compiled with parallel loop nests (every nest on OpenMP
// threads) called by 4 threads x 100 calls at once, each caller with its own
// tensors and thread count: every result equals the serial one bit for bit,
// float and int8.
//
//===----------------------------------------------------------------------===//

#include "qfold/InitQFold.h"
#include "qfold/Pipelines/Pipelines.h"
#include "qfold/Runtime/JitRunner.h"
#include "qfold/Runtime/Threads.h"
#include "qfold/Tensor/Random.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <dirent.h>
#include <thread>

extern "C" int omp_get_max_threads(void);

using namespace mlir;
using namespace mlir::qfold;

namespace {

constexpr const char *kFloat = R"mlir(
func.func @f(%x: tensor<1x8x20x20xf32>) -> tensor<1x16x10x10xf32> {
  %w = arith.constant dense<0.125> : tensor<16x8x3x3xf32>
  %b = arith.constant dense<-0.25> : tensor<16xf32>
  %0 = qfold.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x20x20xf32>, tensor<16x8x3x3xf32>, tensor<16xf32>) -> tensor<1x16x10x10xf32>
  %1 = qfold.relu %0 : tensor<1x16x10x10xf32>
  return %1 : tensor<1x16x10x10xf32>
}
)mlir";

constexpr const char *kInt8 = R"mlir(
!u8 = !quant.uniform<u8:f32, 0.05:128>
!w8 = !quant.uniform<i8:f32, 0.01>
!b32 = !quant.uniform<i32:f32, 0.0005>
!o8 = !quant.uniform<u8:f32, 0.1:0>
func.func @f(%x: tensor<1x8x20x20x!u8>) -> tensor<1x16x20x20x!o8> {
  %wf = arith.constant dense<3> : tensor<16x8x3x3xi8>
  %w = quant.scast %wf : tensor<16x8x3x3xi8> to tensor<16x8x3x3x!w8>
  %bf = arith.constant dense<-100> : tensor<16xi32>
  %b = quant.scast %bf : tensor<16xi32> to tensor<16x!b32>
  %0 = qfold.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x20x20x!u8>, tensor<16x8x3x3x!w8>, tensor<16x!b32>) -> tensor<1x16x20x20x!o8>
  return %0 : tensor<1x16x20x20x!o8>
}
)mlir";

std::unique_ptr<JitFunction> compileParallel(MLIRContext &context,
                                             const char *source) {
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(source, &context);
  if (!module)
    return nullptr;
  llvm::Expected<FunctionSignature> signature =
      getFunctionSignature(*module, "f");
  if (!signature) {
    llvm::consumeError(signature.takeError());
    return nullptr;
  }
  QFoldToLLVMOptions options;
  options.parallel = true;
  options.parallelMinWork = 0;
  if (failed(lowerToLLVMDialect(*module, options)))
    return nullptr;
  auto function = JitFunction::create(*module, *signature);
  if (!function) {
    ADD_FAILURE() << llvm::toString(function.takeError());
    return nullptr;
  }
  return std::move(*function);
}

void expectReentrant(const char *source) {
  DialectRegistry registry;
  registerQFoldCompilerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  std::unique_ptr<JitFunction> function = compileParallel(context, source);
  ASSERT_TRUE(function);

  constexpr int kCallers = 4, kCalls = 100;
  std::mt19937 rng(11);
  std::vector<std::vector<HostTensor>> inputs, expected;
  function->setNumThreads(1);
  for (int c = 0; c < kCallers; ++c) {
    const TensorSignature &in = function->getSignature().inputs[0];
    inputs.push_back({makeRandomTensor(in.dtype, in.shape, rng)});
    expected.push_back(function->allocateResults(inputs.back()));
    ASSERT_FALSE(bool(function->call(inputs.back(), expected.back())));
  }
  // Each caller's count is set for its calls on its own thread.
  function->setNumThreads(0);
  std::vector<int> mismatches(kCallers, 0);
  std::vector<std::thread> threads;
  for (int c = 0; c < kCallers; ++c)
    threads.emplace_back([&, c] {
      for (int i = 0; i < kCalls; ++i) {
        ScopedThreadCount count(1 + (c + i) % 3);
        std::vector<HostTensor> results = function->allocateResults(inputs[c]);
        if (llvm::Error error = function->call(inputs[c], results)) {
          llvm::consumeError(std::move(error));
          ++mismatches[c];
          continue;
        }
        if (results[0].bytes != expected[c][0].bytes)
          ++mismatches[c];
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int c = 0; c < kCallers; ++c)
    EXPECT_EQ(mismatches[c], 0) << "caller " << c;
}

/// The threads of this process (Linux: /proc/self/task); OpenMP keeps its
/// workers after a parallel region.
int countProcessThreads() {
  int threads = 0;
  if (DIR *dir = opendir("/proc/self/task")) {
    while (dirent *entry = readdir(dir))
      threads += entry->d_name[0] != '.';
    closedir(dir);
  }
  return threads;
}

// setNumThreads(3) gives a call three OpenMP threads whatever the caller's
// own count (here 1), and the caller's count is what it was afterwards.
// Runs first in its own process (gtest_discover_tests runs each test alone;
// the lit test runs the binary once, with this test before the others).
TEST(JitThreads, CallTakesItsThreadCount) {
  DialectRegistry registry;
  registerQFoldCompilerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  std::unique_ptr<JitFunction> function = compileParallel(context, kFloat);
  ASSERT_TRUE(function);
  ScopedThreadCount caller(1);
  int before = countProcessThreads();
  std::mt19937 rng(3);
  const TensorSignature &in = function->getSignature().inputs[0];
  std::vector<HostTensor> inputs = {makeRandomTensor(in.dtype, in.shape, rng)};
  std::vector<HostTensor> results = function->allocateResults(inputs);
  function->setNumThreads(3);
  ASSERT_FALSE(bool(function->call(inputs, results)));
  EXPECT_GE(countProcessThreads(), before + 2);
  EXPECT_EQ(omp_get_max_threads(), 1);
}

TEST(JitThreads, FloatCallsFromFourThreads) { expectReentrant(kFloat); }

TEST(JitThreads, Int8CallsFromFourThreads) { expectReentrant(kInt8); }

} // namespace
