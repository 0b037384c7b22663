//===- qfold-run.cpp - compile and run a qfold function in-process --------===//
//
// qfold-run FILE.mlir|FILE.onnx [--entry NAME] [--input=X.npy|X.pb ...]
//           [--output=Y.npy|Y.pb ...] [--seed N] [--no-fold] [--bench N]
//           [--nhwc-boundary] [--target-cpu=CPU] [--dump-object=FILE.o]
//           [--requant-mode=tflite|onnx] [--compare-unfolded]
//           [--calibrate=CAL.json [--calibration-data=PATH]...
//                                 [--calibration-runs N] [--percentile P]]
//           [--quantize=CAL.json]
//
// Lowers the module (an ONNX model is imported first) with the qfold-to-llvm
// pipeline, JIT-compiles it for this CPU (or, with --target-cpu, as an object
// for that CPU would be compiled, to time here the code another x86 host
// gets; the host needs that CPU's instructions) and calls the entry function on
// the inputs (or on seeded random inputs when none are given). For an ONNX
// model the inputs are its graph inputs in order; those qfold needs as
// constants (quantization parameters, Clip bounds) are bound at compile time.
// Results go to the --output files (.npy or ONNX TensorProto .pb) or are
// printed. Every failure is a message and a non-zero exit, never a crash.
//
//===----------------------------------------------------------------------===//

#include "qfold/Quantization/Calibrator.h"
#include "qfold/Runtime/Allocator.h"
#include "qfold/Runtime/JitRunner.h"
#include "qfold/Target/ONNX/ImportONNX.h"
#include "qfold/Target/ONNX/OnnxTensor.h"
#include "qfold/Tensor/Comparison.h"
#include "qfold/Tensor/Random.h"
#include "qfold/Tools/ToolSupport.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <random>

using namespace mlir;
using namespace mlir::qfold;

namespace cl = llvm::cl;

static cl::OptionCategory runCategory("qfold-run options");
static cl::OptionCategory
    calibrationCategory("qfold-run post-training quantization options");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<.mlir or .onnx file>"),
                                      cl::cat(runCategory));
static cl::opt<std::string>
    entryName("entry",
              cl::desc("Function to call (default: the only public "
                       "function)"),
              cl::cat(runCategory));
static cl::list<std::string>
    inputFiles("input",
               cl::desc("Input .npy or .pb file, one per argument in order"),
               cl::cat(runCategory));
static cl::list<std::string>
    outputFiles("output", cl::desc("Output .npy or .pb file, one per result"),
                cl::cat(runCategory));
static cl::opt<unsigned> seed("seed", cl::init(0),
                              cl::desc("Seed of the random inputs"),
                              cl::cat(runCategory));
static cl::opt<bool> nhwcBoundary(
    "nhwc-boundary",
    cl::desc("Compile with qfold-to-llvm{nhwc-boundary} (4-D arguments and "
             "results NHWC); inputs and outputs stay NCHW for the user"),
    cl::cat(runCategory));
static cl::opt<std::string> dumpObjectFile(
    "dump-object",
    cl::desc("Write the object file the JIT compiled the program to (the "
             "one whose results are printed), to disassemble it"),
    cl::value_desc("file.o"), cl::cat(runCategory));
static cl::opt<unsigned>
    benchRuns("bench", cl::init(0),
              cl::desc("Time N calls and print the median"),
              cl::cat(runCategory));
static cl::opt<bool> printAll("print-all",
                              cl::desc("Print every value of the results"),
                              cl::cat(runCategory));
static cl::opt<bool> compareUnfolded(
    "compare-unfolded",
    cl::desc("Also compile without folding, run both on the same inputs and "
             "print their largest difference (and both times with --bench)"),
    cl::cat(runCategory));

static cl::opt<std::string> calibrateFile(
    "calibrate",
    cl::desc("Run the float program (after folding) on sample inputs and "
             "write the calibration ranges of its activations to this JSON "
             "file"),
    cl::cat(calibrationCategory));
static cl::opt<unsigned> calibrationRuns(
    "calibration-runs", cl::init(8),
    cl::desc("With --calibrate and no inputs: random input sets to run"),
    cl::cat(calibrationCategory));
static cl::list<std::string> calibrationData(
    "calibration-data",
    cl::desc("With --calibrate: sample inputs, each a .npy/.pb file (one "
             "input set of a one-argument function) or a directory of such "
             "files, or of input set directories (test_data_set_*/input_N.pb "
             "as ONNX lays them out); repeatable"),
    cl::cat(calibrationCategory));
static cl::opt<double> percentile(
    "percentile", cl::init(100.0),
    cl::desc("With --calibrate: range covers this percentile of |value| "
             "(100: min/max)"),
    cl::cat(calibrationCategory));
static cl::opt<std::string> quantizeFile(
    "quantize",
    cl::desc("Quantize the float convs with this calibration file, run the "
             "quantized and the float program on the same inputs and print "
             "their agreement (SQNR, max difference) and, with --bench, "
             "both times"),
    cl::cat(calibrationCategory));

static int fail(const llvm::Twine &message) {
  return reportToolError("qfold-run", message);
}

static int fail(llvm::Error error) {
  return fail(llvm::toString(std::move(error)));
}

/// Seeded inputs for `signature` (a dynamic batch dimension is 1).
static std::vector<HostTensor> randomInputs(const FunctionSignature &signature,
                                            unsigned inputSeed) {
  std::mt19937 rng(inputSeed);
  std::vector<HostTensor> inputs;
  for (const TensorSignature &input : signature.inputs) {
    std::vector<int64_t> shape = input.shape;
    if (!shape.empty() && ShapedType::isDynamic(shape[0]))
      shape[0] = 1;
    inputs.push_back(makeRandomTensor(input.dtype, shape, rng));
  }
  return inputs;
}

static void printTensor(llvm::raw_ostream &os, const HostTensor &tensor,
                        bool all) {
  int64_t n = tensor.getNumElements();
  int64_t shown = all ? n : std::min<int64_t>(n, 16);
  os << getDTypeName(tensor.dtype) << " " << formatShape(tensor.shape) << " [";
  for (int64_t i = 0; i < shown; ++i) {
    if (i)
      os << ", ";
    if (tensor.dtype == DType::F32)
      os << llvm::format("%g", tensor.getAsDouble(i));
    else
      os << static_cast<int64_t>(tensor.getAsDouble(i));
  }
  if (shown < n)
    os << ", ... (" << n - shown << " more)";
  os << "]\n";
}

/// Lowers a copy of `module` (with or without folding) and JIT-compiles it.
static llvm::Expected<std::unique_ptr<JitFunction>>
compile(ModuleOp module, const FunctionSignature &signature, bool fold,
        llvm::StringRef calibration = "", bool nhwc = false) {
  auto start = std::chrono::steady_clock::now();
  OwningOpRef<ModuleOp> copy = module.clone();
  QFoldToLLVMOptions options;
  applyCompilerOptions(options);
  options.fold = fold;
  options.calibration = calibration.str();
  options.nhwcBoundary = nhwc;
  if (failed(lowerToLLVMDialect(*copy, options)))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "lowering '" + inputFile + "' failed");
  FunctionSignature compiled = signature;
  if (nhwc) {
    auto relayout = [](std::vector<int64_t> &s) {
      if (s.size() == 4)
        s = {s[0], s[2], s[3], s[1]};
    };
    for (TensorSignature &tensor : compiled.inputs)
      relayout(tensor.shape);
    for (TensorSignature &tensor : compiled.results)
      relayout(tensor.shape);
  }
  JitOptions jit;
  jit.cpu = getTargetCpuOption().str();
  jit.keepObject = !dumpObjectFile.empty();
  auto function = JitFunction::create(*copy, compiled, jit);
  if (function)
    (*function)->setNumThreads(getThreadsOption());
  // With --bench, the compile time too: the pipeline and LLVM's code
  // generation, from the imported module to callable code.
  if (function && benchRuns)
    llvm::outs() << llvm::format("compile (%s%s): %.0f ms\n",
                                 fold ? "folded" : "unfolded",
                                 calibration.empty() ? "" : ", quantized",
                                 std::chrono::duration<double, std::milli>(
                                     std::chrono::steady_clock::now() - start)
                                     .count());
  return function;
}

/// The files of `dir` with one of `extensions`, sorted by name.
static std::vector<std::string> listFiles(llvm::StringRef dir,
                                          bool directories) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    bool isDir = llvm::sys::fs::is_directory(it->path());
    llvm::StringRef ext = llvm::sys::path::extension(it->path());
    if (directories ? isDir : (!isDir && (ext == ".npy" || ext == ".pb")))
      entries.push_back(it->path());
  }
  llvm::sort(entries);
  return entries;
}

/// The input sets of --calibration-data for a function of `numArguments`.
static llvm::Expected<std::vector<std::vector<HostTensor>>>
readCalibrationData(size_t numArguments) {
  std::vector<std::vector<std::string>> sets;
  for (const std::string &path : calibrationData) {
    if (!llvm::sys::fs::is_directory(path)) {
      sets.push_back({path});
      continue;
    }
    std::vector<std::string> subdirs = listFiles(path, /*directories=*/true);
    if (subdirs.empty())
      for (std::string &file : listFiles(path, /*directories=*/false))
        sets.push_back({std::move(file)});
    for (const std::string &subdir : subdirs)
      sets.push_back(listFiles(subdir, /*directories=*/false));
  }
  std::vector<std::vector<HostTensor>> result;
  for (const std::vector<std::string> &files : sets) {
    if (files.size() != numArguments)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "a calibration input set has " + llvm::Twine(files.size()) +
              " file(s) (" + (files.empty() ? "" : files.front()) +
              "...), the function takes " + llvm::Twine(numArguments) +
              " argument(s)");
    result.emplace_back();
    for (const std::string &file : files) {
      llvm::Expected<HostTensor> tensor = readTensorFile(file);
      if (!tensor)
        return tensor.takeError();
      result.back().push_back(std::move(*tensor));
    }
  }
  if (result.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--calibration-data names no input files");
  return result;
}

/// --calibrate: runs the calibration program (lib/Quantization's
/// Calibrator) on the given input sets, or on --calibration-runs seeded
/// random input sets, and writes the ranges.
static llvm::Error
calibrate(ModuleOp module, llvm::StringRef entry,
          llvm::ArrayRef<std::vector<HostTensor>> givenSets) {
  llvm::Expected<Calibrator> calibrator = Calibrator::create(module, entry);
  if (!calibrator)
    return calibrator.takeError();
  llvm::Expected<FunctionSignature> signature =
      getFunctionSignature(calibrator->getProgram(), calibrator->getEntry());
  if (!signature)
    return signature.takeError();
  llvm::Expected<std::unique_ptr<JitFunction>> function =
      compile(calibrator->getProgram(), *signature, /*fold=*/false);
  if (!function)
    return function.takeError();

  unsigned runs = givenSets.empty() ? std::max(1u, unsigned(calibrationRuns))
                                    : givenSets.size();
  for (unsigned run = 0; run < runs; ++run) {
    std::vector<HostTensor> inputs = givenSets.empty()
                                         ? randomInputs(*signature, seed + run)
                                         : givenSets[run];
    if (llvm::Error error = (*function)->checkInputs(inputs))
      return error;
    std::vector<HostTensor> results = (*function)->allocateResults(inputs);
    if (llvm::Error error = (*function)->call(inputs, results))
      return error;
    if (llvm::Error error = calibrator->addRun(results))
      return error;
  }
  if (llvm::Error error = writeCalibrationTable(
          calibrateFile, calibrator->getTable(percentile)))
    return error;
  llvm::outs() << "calibrated " << calibrator->getNumPoints() << " values over "
               << runs << " input set(s) into '" << calibrateFile << "'\n";
  return llvm::Error::success();
}

/// --compare-unfolded: the largest difference of each folded result from the
/// unfolded one, absolute and relative to the unfolded result's magnitude.
static void printFoldedDifference(llvm::ArrayRef<HostTensor> results,
                                  llvm::ArrayRef<HostTensor> reference) {
  for (auto [i, folded, plain] : llvm::enumerate(results, reference)) {
    TensorDifference d = compareTensors(folded, plain);
    llvm::outs() << llvm::format(
        "result %zu: max |folded - unfolded| = %.3g (%.3g relative to "
        "max |unfolded| = %.3g)\n",
        i, d.maxDiff, d.maxMagnitude > 0 ? d.maxDiff / d.maxMagnitude : 0.0,
        d.maxMagnitude);
  }
}

/// Prints, per result, how well `actual` agrees with `reference`: the
/// signal-to-quantization-noise ratio and the largest difference.
static void printAgreement(llvm::ArrayRef<HostTensor> actual,
                           llvm::ArrayRef<HostTensor> reference) {
  for (auto [i, got, want] : llvm::enumerate(actual, reference)) {
    TensorDifference d = compareTensors(got, want);
    llvm::outs() << llvm::format("result %zu: SQNR %.1f dB, max |quantized - "
                                 "float| = %.4g\n",
                                 i, d.sqnrDb, d.maxDiff);
  }
}

/// With --bench N: the median time of N calls, printed. Otherwise 0.
static llvm::Expected<double> bench(JitFunction &function,
                                    llvm::ArrayRef<HostTensor> inputs,
                                    llvm::MutableArrayRef<HostTensor> results,
                                    llvm::StringRef label) {
  if (benchRuns == 0)
    return 0.0;
  std::vector<double> micros;
  for (unsigned run = 0; run < benchRuns; ++run) {
    auto start = std::chrono::steady_clock::now();
    if (llvm::Error error = function.call(inputs, results))
      return std::move(error);
    auto stop = std::chrono::steady_clock::now();
    micros.push_back(
        std::chrono::duration<double, std::micro>(stop - start).count());
  }
  std::sort(micros.begin(), micros.end());
  double median = micros[micros.size() / 2];
  llvm::outs() << llvm::format("%s: median %.1f us over %u calls\n",
                               label.str().c_str(), median,
                               unsigned(benchRuns));
  return median;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  parseToolCommandLine(argc, argv, "qfold JIT runner\n",
                       {&runCategory, &calibrationCategory});
  // Calls reuse the previous call's intermediate buffers (--bench,
  // calibration runs), as an inference runtime's arena would.
  keepFreedMemoryForReuse();
  QFoldToLLVMOptions commandLine;
  applyCompilerOptions(commandLine);
  bool noFold = !commandLine.fold;
  ToolContext tool;
  MLIRContext &context = tool.getContext();

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(inputFile, &errorMessage);
  if (!file)
    return fail(errorMessage);
  std::vector<HostTensor> fileInputs;
  for (const std::string &path : inputFiles) {
    llvm::Expected<HostTensor> tensor = readTensorFile(path);
    if (!tensor)
      return fail(tensor.takeError());
    fileInputs.push_back(std::move(*tensor));
  }

  OwningOpRef<ModuleOp> module;
  std::vector<HostTensor> inputs;
  bool haveInputs = !inputFiles.empty();
  if (llvm::StringRef(inputFile).ends_with(".onnx")) {
    llvm::StringRef bytes = file->getBuffer();
    if (haveInputs) {
      module = importOnnxModelWithInputs(bytes, inputFile, &context, fileInputs,
                                         inputs);
    } else {
      llvm::Expected<OnnxModelInfo> info = inspectOnnxModel(bytes, inputFile);
      if (!info)
        return fail(info.takeError());
      if (!info->parameterInputs.empty())
        return fail("the model's inputs '" +
                    llvm::join(info->parameterInputs, "', '") +
                    "' must be known at compile time; pass every graph "
                    "input with --input");
      module = importOnnxModel(bytes, inputFile, &context);
    }
    if (!module)
      return fail("cannot import '" + inputFile + "'");
  } else {
    module = tool.parse(std::move(file));
    if (!module)
      return fail("cannot parse '" + inputFile + "'");
    inputs = std::move(fileInputs);
  }

  llvm::Expected<FunctionSignature> signature =
      getFunctionSignature(*module, entryName);
  if (!signature)
    return fail(signature.takeError());
  if (!outputFiles.empty() && outputFiles.size() != signature->results.size())
    return fail("@" + signature->name + " has " +
                llvm::Twine(signature->results.size()) + " results but " +
                llvm::Twine(outputFiles.size()) + " --output files were given");
  if (!calibrateFile.empty()) {
    std::vector<std::vector<HostTensor>> sets;
    if (!calibrationData.empty()) {
      auto data = readCalibrationData(signature->inputs.size());
      if (!data)
        return fail(data.takeError());
      sets = std::move(*data);
    } else if (haveInputs) {
      sets.push_back(inputs);
    }
    if (llvm::Error error = calibrate(*module, signature->name, sets))
      return fail(std::move(error));
    return 0;
  }
  if (!haveInputs)
    inputs = randomInputs(*signature, seed);

  if (nhwcBoundary && (!quantizeFile.empty() || compareUnfolded))
    return fail("--nhwc-boundary cannot be combined with --quantize or "
                "--compare-unfolded");
  llvm::Expected<std::unique_ptr<JitFunction>> function = compile(
      *module, *signature, /*fold=*/!noFold, quantizeFile, nhwcBoundary);
  if (!function)
    return fail(function.takeError());
  if (!dumpObjectFile.empty()) {
    // (The engine reports a failed write on stderr only.)
    llvm::sys::fs::remove(dumpObjectFile);
    (*function)->dumpObject(dumpObjectFile);
    if (!llvm::sys::fs::exists(dumpObjectFile))
      return fail("cannot write the object file '" + dumpObjectFile + "'");
  }
  // The user's tensors are NCHW; an NHWC boundary gets them re-laid.
  if (nhwcBoundary)
    for (HostTensor &input : inputs)
      input = relayoutNchw(input, /*toNhwc=*/true);
  if (llvm::Error error = (*function)->checkInputs(inputs))
    return fail(std::move(error));
  std::vector<HostTensor> results = (*function)->allocateResults(inputs);
  if (llvm::Error error = (*function)->call(inputs, results))
    return fail(std::move(error));
  std::vector<HostTensor> userResults = results;
  if (nhwcBoundary)
    for (HostTensor &result : userResults)
      result = relayoutNchw(result, /*toNhwc=*/false);

  for (auto [i, result] : llvm::enumerate(userResults)) {
    if (!outputFiles.empty()) {
      if (llvm::Error error = writeTensorFile(outputFiles[i], result,
                                              "output_" + std::to_string(i)))
        return fail(std::move(error));
    } else {
      llvm::outs() << "result " << i << ": ";
      printTensor(llvm::outs(), result, printAll);
    }
  }

  llvm::Expected<double> median = bench(**function, inputs, results,
                                        !quantizeFile.empty() ? "quantized"
                                        : noFold              ? "unfolded"
                                                              : "folded");
  if (!median)
    return fail(median.takeError());

  // Compiles the program again with `fold` (no calibration), runs it on the
  // same inputs, reports how its results compare, and times it against the
  // program above.
  auto compareWith =
      [&](bool fold, const char *label, const char *self,
          llvm::function_ref<void(const std::vector<HostTensor> &)> report)
      -> llvm::Error {
    llvm::Expected<std::unique_ptr<JitFunction>> other =
        compile(*module, *signature, fold);
    if (!other)
      return other.takeError();
    std::vector<HostTensor> reference = (*other)->allocateResults(inputs);
    if (llvm::Error error = (*other)->call(inputs, reference))
      return error;
    report(reference);
    llvm::Expected<double> otherMedian =
        bench(**other, inputs, reference, label);
    if (!otherMedian)
      return otherMedian.takeError();
    if (benchRuns > 0)
      llvm::outs() << llvm::format("%s is %.2fx the speed of %s\n", self,
                                   *otherMedian / *median, label);
    return llvm::Error::success();
  };
  if (!quantizeFile.empty())
    if (llvm::Error error = compareWith(
            /*fold=*/!noFold, "float", "quantized",
            [&](const std::vector<HostTensor> &reference) {
              printAgreement(results, reference);
            }))
      return fail(std::move(error));
  if (compareUnfolded)
    if (llvm::Error error = compareWith(
            /*fold=*/false, "unfolded", "folded",
            [&](const std::vector<HostTensor> &reference) {
              printFoldedDifference(results, reference);
            }))
      return fail(std::move(error));
  return 0;
}
