//===- qfold-bench.cpp - qfold against oneDNN, naive C++ and upstream -----===//
//
// qfold-bench [--quick] [--layer=W2]... [--type=fp32|int8] [--emit-ir=DIR]
//             [--threads=N] [--target-cpu=CPU]
//
// For the layers W1-W4 in fp32 and int8 (u8 activations, per-channel i8
// weights, requantized to u8, ReLU), single-threaded, in one run: qfold's
// code through its normal pipeline, the same pipeline without qfold's
// vectorization (upstream's default linalg loop lowering), oneDNN, and a
// naive 7-loop C++ convolution. --target-cpu compiles qfold's code for
// another x86 CPU (an LLVM name: znver3, haswell...), to time here the code
// that CPU gets (the tile sizes, vector width and cache size are that CPU's;
// the timings and peaks are still this host's). Every result is checked against
// the naive reference before it is timed. Then conv -> batch_norm -> relu
// folded vs unfolded, and the compile time per layer of 10, 50 and 200-layer
// networks. Then the same layers on N threads (default: every core; qfold's
// parallel loop nests and oneDNN on the same OpenMP runtime, libomp) beside one
// thread, with the speed-ups. Prints tables of median microseconds; nothing
// here is a pass/fail test.
// --layer and --type select rows of the first table (and skip the other
// two); --emit-ir writes each selected layer's qfold IR to DIR/<layer>-<type>
// .mlir, to reproduce a row with `qfold-run --bench=N` or profile it through
// `qfold-aot`, and the compile-time networks to DIR/chain-<layers>.mlir
// (`qfold-opt --mlir-timing` shows where their compile time goes).
//
//===----------------------------------------------------------------------===//

#include "Layers.h"
#include "OneDnn.h"
#include "Peak.h"
#include "Reference.h"

#include "qfold/Codegen/HostTarget.h"
#include "qfold/InitQFold.h"
#include "qfold/Pipelines/Pipelines.h"
#include "qfold/Runtime/Allocator.h"
#include "qfold/Runtime/JitRunner.h"
#include "qfold/Runtime/Threads.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <unistd.h>

using namespace mlir;
using namespace mlir::qfold;
using namespace bench;

namespace {

bool quick = false;
/// --target-cpu: the CPU qfold's code is compiled for (empty: this host).
std::string targetCpu;

/// Command line of the benchmark.
struct Options {
  bool quick = false;
  std::vector<std::string> layers;
  std::string type;
  std::string emitIrDir;
  /// The thread count of the threads table (0: every core).
  int threads = 0;

  bool selected(const std::string &layer, const char *rowType) const {
    return (layers.empty() || llvm::is_contained(layers, layer)) &&
           (type.empty() || type == rowType);
  }
  bool onlySomeRows() const { return !layers.empty() || !type.empty(); }
};

/// Parses the command line, or prints the usage and exits.
Options parseOptions(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--quick")
      options.quick = true;
    else if (arg.consume_front("--layer="))
      options.layers.push_back(arg.str());
    else if (arg.consume_front("--type=") && (arg == "fp32" || arg == "int8"))
      options.type = arg.str();
    else if (arg.consume_front("--emit-ir=") && !arg.empty())
      options.emitIrDir = arg.str();
    else if (arg.consume_front("--target-cpu=") && getVectorTargetForCPU(arg) &&
             !arg.empty())
      targetCpu = arg.str();
    else if (arg.consume_front("--threads=") &&
             !arg.getAsInteger(10, options.threads) && options.threads > 0)
      continue;
    else {
      llvm::errs() << "usage: qfold-bench [--quick] [--layer=W1|W2|W3|W4]... "
                      "[--type=fp32|int8] [--emit-ir=DIR] [--threads=N] "
                      "[--target-cpu=CPU]\n";
      std::exit(2);
    }
  }
  return options;
}

/// Writes `module` to `dir`/`name`.mlir.
void emitIr(ModuleOp module, const std::string &dir, const std::string &name) {
  std::string path = dir + "/" + name + ".mlir";
  std::error_code error;
  llvm::raw_fd_ostream os(path, error);
  if (error) {
    llvm::errs() << "qfold-bench: cannot write " << path << ": "
                 << error.message() << "\n";
    std::exit(1);
  }
  module.print(os);
  llvm::outs() << "(wrote " << path << ")\n";
}

/// Median microseconds of `fn`: at least `minRuns` calls and about 0.4 s.
double medianMicros(const std::function<void()> &fn, int minRuns = 5) {
  fn(); // warm-up
  std::vector<double> times;
  auto begin = std::chrono::steady_clock::now();
  int maxRuns = quick ? 5 : 200;
  while ((int)times.size() < minRuns ||
         ((int)times.size() < maxRuns &&
          std::chrono::steady_clock::now() - begin <
              std::chrono::milliseconds(quick ? 100 : 400))) {
    auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(std::chrono::duration<double, std::micro>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string cpuName() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0)
      return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

struct Compiled {
  std::unique_ptr<JitFunction> function;
  double compileSeconds = 0;
};

/// [N, C, H, W] as [N, H, W, C].
std::vector<int64_t> toNhwc(const std::vector<int64_t> &nchw) {
  return {nchw[0], nchw[2], nchw[3], nchw[1]};
}

Compiled compile(MLIRContext &context, OwningOpRef<ModuleOp> module, bool fold,
                 bool vectorize, bool nhwc = false, bool parallel = false) {
  auto start = std::chrono::steady_clock::now();
  auto signature = getFunctionSignature(*module, "");
  if (!signature) {
    llvm::errs() << llvm::toString(signature.takeError()) << "\n";
    std::exit(1);
  }
  // qfold-nhwc-function-boundary changes the layer's NCHW signature.
  if (nhwc) {
    for (TensorSignature &tensor : signature->inputs)
      tensor.shape = toNhwc(tensor.shape);
    for (TensorSignature &tensor : signature->results)
      tensor.shape = toNhwc(tensor.shape);
  }
  QFoldToLLVMOptions options;
  options.fold = fold;
  options.vectorize = vectorize;
  options.nhwcBoundary = nhwc;
  options.parallel = parallel;
  options.targetCpu = targetCpu;
  if (failed(lowerToLLVMDialect(*module, options))) {
    llvm::errs() << "qfold-bench: lowering failed\n";
    std::exit(1);
  }
  auto function =
      JitFunction::create(*module, *signature, JitOptions{targetCpu});
  if (!function) {
    llvm::errs() << llvm::toString(function.takeError()) << "\n";
    std::exit(1);
  }
  // The thread count is the caller's (ScopedThreadCount around the runs).
  (*function)->setNumThreads(0);
  Compiled result;
  result.function = std::move(*function);
  result.compileSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

/// A runner for a compiled layer with its input and output buffers.
struct LayerRun {
  Compiled compiled;
  std::vector<HostTensor> inputs, results;
  /// Input and result are [N, H, W, C] (qfold-nhwc-function-boundary).
  bool nhwc = false;

  void operator()() {
    if (llvm::Error error = compiled.function->call(inputs, results)) {
      llvm::errs() << llvm::toString(std::move(error)) << "\n";
      std::exit(1);
    }
  }
  /// Element `i` of the result in NCHW order.
  double at(int64_t i) const {
    if (!nhwc)
      return results[0].getAsDouble(i);
    const std::vector<int64_t> &shape = results[0].shape; // N, H, W, C
    int64_t h = shape[1], w = shape[2], c = shape[3];
    int64_t x = i % w, y = (i / w) % h, ch = (i / (w * h)) % c,
            n = i / (w * h * c);
    return results[0].getAsDouble(((n * h + y) * w + x) * c + ch);
  }
};

LayerRun prepare(MLIRContext &context, const LayerSpec &spec,
                 const LayerData &data, bool quantized, bool batchNorm,
                 bool fold, bool vectorize, bool nhwc = false,
                 bool parallel = false) {
  LayerRun run;
  run.nhwc = nhwc;
  run.compiled =
      compile(context, buildLayer(context, spec, data, quantized, batchNorm),
              fold, vectorize, nhwc, parallel);
  std::vector<int64_t> shape = {1, spec.channels, spec.size, spec.size};
  HostTensor input(quantized ? DType::U8 : DType::F32, shape);
  if (quantized)
    std::memcpy(input.bytes.data(), data.qinput.data(), data.qinput.size());
  else
    std::memcpy(input.bytes.data(), data.input.data(),
                data.input.size() * sizeof(float));
  run.inputs.push_back(nhwc ? relayoutNchw(input, /*toNhwc=*/true)
                            : std::move(input));
  run.results = run.compiled.function->allocateResults(run.inputs);
  return run;
}

/// Largest |got - want| / max|want| (fp32) or largest |got - want| (int8).
double compare(const std::function<double(int64_t)> &got,
               const std::vector<double> &want, bool relative) {
  double diff = 0, magnitude = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    diff = std::max(diff, std::abs(got(i) - want[i]));
    magnitude = std::max(magnitude, std::abs(want[i]));
  }
  return relative && magnitude > 0 ? diff / magnitude : diff;
}

void check(const char *what, double error, double tolerance) {
  if (error > tolerance) {
    llvm::errs() << "qfold-bench: " << what << " differs from the reference ("
                 << error << " > " << tolerance << "); not timing it\n";
    std::exit(1);
  }
}

/// The kernel qfold's codegen uses for a layer on this host (what
/// qfold-tile-and-vectorize-convs chooses for it).
std::string kernelVariant(const LayerSpec &spec, bool int8,
                          const VectorTarget &target) {
  std::string vectors = target.lanes == 16 ? "zmm" : "ymm";
  if (!int8)
    return "fp32 FMA " + vectors;
  if (spec.groups != 1)
    return chooseDepthwiseQuads(spec.kernel, /*constantI8Filter=*/true,
                                Int8DotKind::autoSelect, target)
               ? "int8 u8 x i8 quads of kernel rows (vpdpbusd, depthwise) " +
                     vectors
               : "int8 1 channel/step (depthwise) " + vectors;
  // The benchmark's weights are constant and fit i8.
  switch (chooseIntegerChannelGroup(spec.channels / spec.groups,
                                    /*constantI8Filter=*/true,
                                    Int8DotKind::autoSelect, target)) {
  case 4:
    return "int8 u8 x i8 quads (vpdpbusd) " + vectors;
  case 2:
    return "int8 i16 pairs (vpmaddwd) " + vectors;
  default:
    return "int8 1 channel/step " + vectors;
  }
}

void printRow(const LayerSpec &spec, const char *type, const char *impl,
              double us, double peakGops, double onednnUs) {
  double gops = 2.0 * spec.macs() / us / 1e3;
  llvm::outs() << llvm::format(
      "| %-3s | %-4s | %-26s | %9.0f | %7.1f | %5.1f%% |", spec.name.c_str(),
      type, impl, us, gops, 100.0 * gops / peakGops);
  if (onednnUs > 0)
    llvm::outs() << llvm::format(" %6.2fx |\n", onednnUs / us);
  else
    llvm::outs() << "        |\n";
}

/// Calls `row(spec, data, quantized, type)` for each layer and type the
/// command line selects, in table order.
void forEachSelectedRow(
    const Options &options,
    const std::function<void(const LayerSpec &, const LayerData &, bool,
                             const char *)> &row) {
  for (const LayerSpec &spec : getLayers()) {
    LayerData data = makeLayerData(spec, 7);
    for (bool quantized : {false, true}) {
      const char *type = quantized ? "int8" : "fp32";
      if (options.selected(spec.name, type))
        row(spec, data, quantized, type);
    }
  }
}

/// The layers on `threads` threads beside one: qfold's serial code (what
/// --threads=1 compiles) and its parallel code, oneDNN on one thread and on
/// `threads` (both on libomp), every result checked first.
void printThreadsTable(MLIRContext &context, const Options &options,
                       int threads) {
  llvm::outs() << llvm::format(
      "\n%d threads vs 1 (NHWC in/out; qfold 1 = its serial code, qfold %d "
      "= parallel loop nests; oneDNN on the same OpenMP runtime):\n",
      threads, threads);
  llvm::outs() << llvm::format(
      "| Layer | Type | qfold 1 us | qfold %d us | speed-up | oneDNN 1 us | "
      "oneDNN %d us | speed-up | qfold vs oneDNN at %d |\n"
      "|---|---|---|---|---|---|---|---|---|\n",
      threads, threads, threads);
  forEachSelectedRow(options, [&](const LayerSpec &spec, const LayerData &data,
                                  bool quantized, const char *type) {
    std::vector<double> reference(spec.outputElements());
    if (quantized) {
      std::vector<uint8_t> ref(spec.outputElements());
      referenceConvU8(spec, data, ref.data());
      std::copy(ref.begin(), ref.end(), reference.begin());
    } else {
      std::vector<float> ref(spec.outputElements());
      referenceConvF32(spec, data, ref.data());
      std::copy(ref.begin(), ref.end(), reference.begin());
    }
    auto timeQfold = [&](bool parallel, int count) {
      LayerRun run = prepare(context, spec, data, quantized, false, true, true,
                             true, parallel);
      ScopedThreadCount scoped(count);
      run();
      check(
          parallel ? "qfold parallel" : "qfold",
          compare([&](int64_t i) { return run.at(i); }, reference, !quantized),
          quantized ? 0.0 : 1e-4);
      return medianMicros([&] { run(); });
    };
    double serialUs = timeQfold(false, 1);
    double parallelUs = timeQfold(true, threads);
    double onednnUs[2];
    for (int i = 0; i < 2; ++i) {
      // oneDNN sizes its kernels for the thread count at creation.
      ScopedThreadCount scoped(i == 0 ? 1 : threads);
      OneDnnLayer onednn(spec, data, quantized);
      onednn.run();
      std::vector<float> out = onednn.output();
      check("oneDNN",
            compare([&](int64_t k) { return out[k]; }, reference, !quantized),
            quantized ? 1.0 : 1e-4);
      onednnUs[i] = medianMicros([&] { onednn.run(); });
    }
    llvm::outs() << llvm::format(
        "| %s | %s | %.0f | %.0f | %.2fx%s | %.0f | %.0f | %.2fx | %.2fx "
        "|\n",
        spec.name.c_str(), type, serialUs, parallelUs, serialUs / parallelUs,
        parallelUs > serialUs ? " (SLOWER)" : "", onednnUs[0], onednnUs[1],
        onednnUs[0] / onednnUs[1], onednnUs[1] / parallelUs);
    llvm::outs().flush();
  });
}

} // namespace

int main(int argc, char **argv) {
  // One thread by default for OpenMP (oneDNN and qfold share libomp here,
  // which interposes the libgomp oneDNN was built with); the threads table
  // sets its counts explicitly. The runtime reads the variable when it is
  // loaded, before main: set it and start again.
  const char *threads = getenv("OMP_NUM_THREADS");
  if (!threads || std::string(threads) != "1") {
    setenv("OMP_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", argv);
    llvm::errs() << "qfold-bench: cannot re-run itself with "
                    "OMP_NUM_THREADS=1; set it and run again\n";
    return 1;
  }
  // Temporaries are reused call after call, as an inference runtime's arena
  // would: glibc would otherwise return them to the kernel and page-fault
  // them back on every call.
  keepFreedMemoryForReuse();
  Options options = parseOptions(argc, argv);
  quick = options.quick;

  DialectRegistry registry;
  registerQFoldCompilerDialects(registry);
  MLIRContext context(registry);
  context.disableMultithreading();

  VectorTarget target = *getVectorTargetForCPU(targetCpu);
  Peak f32Peak = measureF32Peak(), int8Peak = measureInt8Peak();
  llvm::outs() << "CPU: " << cpuName() << ", one thread; qfold codegen"
               << (targetCpu.empty() ? "" : " for " + targetCpu) << ": "
               << target.lanes * 32 << "-bit vectors, "
               << (target.hasVnni ? "VNNI" : "no VNNI") << "\n"
               << llvm::format("Peak fp32: %.0f GFLOPS (%s)\n", f32Peak.gops,
                               f32Peak.how.c_str())
               << llvm::format("Peak int8: %.0f GOPS (%s)\n", int8Peak.gops,
                               int8Peak.how.c_str());
  if (std::optional<Peak> exact = measureExactInt8Peak())
    llvm::outs() << llvm::format(
        "Peak exact int8: %.0f GOPS (%s; vpmaddubsw's i16 pair sums "
        "saturate, so bit-exact code cannot use it)\n",
        exact->gops, exact->how.c_str());
  llvm::outs() << "\n";

  llvm::outs() << "| Layer | Type | Implementation | median us | GOPS | "
                  "% peak | vs oneDNN |\n"
                  "|---|---|---|---|---|---|---|\n";
  // NHWC medians per layer, fp32 and int8, for the int8-vs-fp32 summary.
  std::map<std::string, std::pair<double, double>> nhwcByLayer;
  forEachSelectedRow(options, [&](const LayerSpec &spec, const LayerData &data,
                                  bool quantized, const char *type) {
    if (!options.emitIrDir.empty())
      emitIr(*buildLayer(context, spec, data, quantized, false),
             options.emitIrDir, spec.name + "-" + type);
    double peak = quantized ? int8Peak.gops : f32Peak.gops;
    std::vector<double> reference(spec.outputElements());
    std::vector<float> refF32(spec.outputElements());
    std::vector<uint8_t> refU8(spec.outputElements());
    auto naive = [&] {
      if (quantized)
        referenceConvU8(spec, data, refU8.data());
      else
        referenceConvF32(spec, data, refF32.data());
    };
    double naiveUs = medianMicros(naive, 1);
    for (size_t i = 0; i < reference.size(); ++i)
      reference[i] = quantized ? refU8[i] : refF32[i];

    // fp32 results agree to rounding; int8 results of qfold exactly (its
    // tflite semantics), oneDNN's (f32 scales) within one step.
    double tolerance = quantized ? 0.0 : 1e-4;
    OneDnnLayer onednn(spec, data, quantized);
    onednn.run();
    std::vector<float> dnnlOut = onednn.output();
    check("oneDNN",
          compare([&](int64_t i) { return dnnlOut[i]; }, reference, !quantized),
          quantized ? 1.0 : 1e-4);
    double onednnUs = medianMicros([&] { onednn.run(); });

    // Compiles the layer, checks it against the reference, times it.
    auto timeQfold = [&](const char *what, bool vectorize, bool nhwc,
                         int minRuns) {
      LayerRun run =
          prepare(context, spec, data, quantized, false, true, vectorize, nhwc);
      run();
      check(
          what,
          compare([&](int64_t i) { return run.at(i); }, reference, !quantized),
          tolerance);
      return medianMicros([&] { run(); }, minRuns);
    };
    // oneDNN reads and writes NHWC: so does qfold's first row (the cost
    // of a layer inside a network, where adjacent transposes cancel);
    // the second pays the NCHW function boundary's two transposes.
    double nhwcUs = timeQfold("qfold NHWC", true, true, 5);
    (quantized ? nhwcByLayer[spec.name].second : nhwcByLayer[spec.name].first) =
        nhwcUs;
    double qfoldUs = timeQfold("qfold", true, false, 5);
    double loopsUs = timeQfold("loops", false, false, 1);

    printRow(spec, type, "qfold (NHWC in/out)", nhwcUs, peak, onednnUs);
    printRow(spec, type, "qfold (NCHW in/out)", qfoldUs, peak, onednnUs);
    printRow(spec, type, "oneDNN 2.6", onednnUs, peak, onednnUs);
    printRow(spec, type, "upstream linalg loops", loopsUs, peak, onednnUs);
    printRow(spec, type, "naive 7-loop C++ -O3", naiveUs, peak, onednnUs);
    llvm::outs().flush();
  });
  int cores = options.threads ? options.threads : getAvailableCores();
  if (cores > 1)
    printThreadsTable(context, options, cores);
  if (options.onlySomeRows())
    return 0;

  // int8 must be the faster one: marked where it is not.
  llvm::outs() << "\nint8 vs fp32 (qfold NHWC):";
  for (const auto &[name, us] : nhwcByLayer)
    llvm::outs() << llvm::format(" %s %.2fx%s", name.c_str(),
                                 us.first / us.second,
                                 us.second > us.first ? " (INT8 SLOWER)" : "");
  llvm::outs() << "\n";

  llvm::outs()
      << "\nqfold's kernels on this host (qfold-tile-and-vectorize-convs):\n";
  for (const LayerSpec &spec : getLayers())
    llvm::outs() << "  " << spec.name << ": "
                 << kernelVariant(spec, /*int8=*/false, target) << "; "
                 << kernelVariant(spec, /*int8=*/true, target) << "\n";

  // Each program is compiled twice: two JIT instances of the same code can
  // differ by more than folding does (where the code and data land), so
  // the spread between them is the noise a slower folded row must exceed
  // to be marked.
  llvm::outs() << "\nconv -> batch_norm -> relu, fp32, through qfold-to-llvm "
                  "(best of two compilations each; noise: the larger spread "
                  "between the two):\n"
                  "| Layer | folded us | unfolded us | folded speed-up | noise "
                  "| max rel. difference |\n|---|---|---|---|---|---|\n";
  for (const LayerSpec &spec : getLayers()) {
    LayerData data = makeLayerData(spec, 11);
    double foldedUs[2], unfoldedUs[2], difference = 0.0;
    for (int instance = 0; instance < 2; ++instance) {
      LayerRun folded = prepare(context, spec, data, false, true, true, true);
      LayerRun unfolded =
          prepare(context, spec, data, false, true, false, true);
      folded();
      unfolded();
      std::vector<double> plain(spec.outputElements());
      for (size_t i = 0; i < plain.size(); ++i)
        plain[i] = unfolded.at(i);
      difference =
          std::max(difference, compare([&](int64_t i) { return folded.at(i); },
                                       plain, true));
      check("folded", difference, 1e-5);
      foldedUs[instance] = medianMicros([&] { folded(); });
      unfoldedUs[instance] = medianMicros([&] { unfolded(); });
    }
    auto spread = [](const double(&us)[2]) {
      return std::max(us[0], us[1]) / std::min(us[0], us[1]) - 1.0;
    };
    double noise = std::max(spread(foldedUs), spread(unfoldedUs));
    double best = std::min(foldedUs[0], foldedUs[1]);
    double speedUp = std::min(unfoldedUs[0], unfoldedUs[1]) / best;
    llvm::outs() << llvm::format(
        "| %s | %.0f | %.0f | %.2fx%s | %.0f%% | %.1e |\n", spec.name.c_str(),
        best, std::min(unfoldedUs[0], unfoldedUs[1]), speedUp,
        speedUp * (1.0 + noise) < 1.0 ? " (FOLDED SLOWER)" : "", 100 * noise,
        difference);
    llvm::outs().flush();
  }

  llvm::outs() << "\nCompile time (build IR, fold, lower, JIT) of networks of "
                  "conv 3x3 16->16 -> batch_norm -> relu blocks:\n"
                  "| Layers | total s | ms per layer |\n|---|---|---|\n";
  for (int layers :
       quick ? std::vector<int>{10, 50} : std::vector<int>{10, 50, 200}) {
    if (!options.emitIrDir.empty())
      emitIr(*buildChain(context, layers), options.emitIrDir,
             "chain-" + std::to_string(layers));
    auto start = std::chrono::steady_clock::now();
    Compiled chain = compile(context, buildChain(context, layers), true, true);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    llvm::outs() << llvm::format("| %d | %.2f | %.1f |\n", layers, seconds,
                                 1e3 * seconds / layers);
    llvm::outs().flush();
  }
  return 0;
}
