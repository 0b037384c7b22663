//===- qfold-onnx-conformance.cpp - run ONNX's backend tests --------------===//
//
// qfold-onnx-conformance [--filter=SUBSTRING] [DIR ...]
//
// For every test directory (a model.onnx and test_data_set_*/ with
// input_N.pb and output_N.pb) under the given directories (by default
// Debian's libonnx-testdata node, pytorch-converted, pytorch-operator and
// simple suites): import the model with qfold's importer, compile it through
// the qfold-to-llvm pipeline, run every data set and compare the outputs:
// integers exactly, floats within rtol 1e-3 and atol 1e-7 (as ONNX's runner).
// Prints PASS, FAIL (with the largest difference) or SKIP (naming what is
// unsupported) per test and the totals; exits 1 if any test failed.
//
//===----------------------------------------------------------------------===//

#include "qfold/InitQFold.h"
#include "qfold/Pipelines/Pipelines.h"
#include "qfold/Runtime/JitRunner.h"
#include "qfold/Target/ONNX/ImportONNX.h"
#include "qfold/Target/ONNX/OnnxTensor.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::qfold;
namespace cl = llvm::cl;

static cl::OptionCategory conformanceCategory("qfold-onnx-conformance options");
static cl::list<std::string> roots(cl::Positional,
                                   cl::desc("[test directories...]"),
                                   cl::cat(conformanceCategory));
static cl::opt<std::string>
    filter("filter", cl::desc("Only tests whose path contains this"),
           cl::cat(conformanceCategory));

namespace {

enum class Outcome { Pass, Fail, Skip };

struct Result {
  Outcome outcome;
  std::string detail;
};

std::vector<std::string> listDirectory(llvm::StringRef dir,
                                       llvm::StringRef prefix) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.starts_with(prefix))
      entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

/// Files `<dir>/<stem>_0.pb`, `_1.pb`, ... in order.
std::vector<std::string> numberedFiles(llvm::StringRef dir,
                                       llvm::StringRef stem) {
  std::vector<std::string> files;
  for (int i = 0;; ++i) {
    std::string path = (dir + "/" + stem + "_" + llvm::Twine(i) + ".pb").str();
    if (!llvm::sys::fs::exists(path))
      return files;
    files.push_back(path);
  }
}

/// Compares one output; empty when equal within the tolerance.
std::string compare(const HostTensor &got, const HostTensor &want, size_t i) {
  if (got.dtype != want.dtype || got.shape != want.shape)
    return "output " + std::to_string(i) + " is " +
           getDTypeName(got.dtype).str() + " " + formatShape(got.shape) +
           ", expected " + getDTypeName(want.dtype).str() + " " +
           formatShape(want.shape);
  double worst = 0.0;
  int64_t worstIndex = -1;
  bool bad = false;
  for (int64_t j = 0; j < got.getNumElements(); ++j) {
    double a = got.getAsDouble(j), e = want.getAsDouble(j);
    if (std::isnan(a) && std::isnan(e))
      continue;
    double diff = std::abs(a - e);
    double tolerance =
        want.dtype == DType::F32 ? 1e-7 + 1e-3 * std::abs(e) : 0.0;
    if (!(diff <= tolerance))
      bad = true;
    if (!(diff <= worst)) {
      worst = diff;
      worstIndex = j;
    }
  }
  if (!bad)
    return "";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "output " << i << " differs: largest difference " << worst
     << " at element " << worstIndex << " (got " << got.getAsDouble(worstIndex)
     << ", expected " << want.getAsDouble(worstIndex) << ")";
  return text;
}

Result runTest(MLIRContext &context, llvm::StringRef dir) {
  std::string modelPath = (dir + "/model.onnx").str();
  auto buffer = llvm::MemoryBuffer::getFile(modelPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return {Outcome::Fail, "cannot read " + modelPath};
  std::vector<std::string> dataSets = listDirectory(dir, "test_data_set_");
  if (dataSets.empty())
    return {Outcome::Fail, "no test_data_set_*"};

  for (const std::string &dataSet : dataSets) {
    std::vector<HostTensor> graphInputs, expected;
    for (const std::string &path : numberedFiles(dataSet, "input")) {
      auto tensor = readTensorProto(path);
      if (!tensor)
        return {Outcome::Skip, llvm::toString(tensor.takeError())};
      graphInputs.push_back(std::move(*tensor));
    }
    for (const std::string &path : numberedFiles(dataSet, "output")) {
      auto tensor = readTensorProto(path);
      if (!tensor)
        return {Outcome::Skip, llvm::toString(tensor.takeError())};
      expected.push_back(std::move(*tensor));
    }

    std::string diagnostics;
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      if (diagnostics.empty())
        diagnostics = diag.str();
      return success();
    });
    std::vector<HostTensor> arguments;
    bool unsupported = false;
    OwningOpRef<ModuleOp> module =
        importOnnxModelWithInputs((*buffer)->getBuffer(), modelPath, &context,
                                  graphInputs, arguments, &unsupported);
    if (!module)
      return {unsupported ? Outcome::Skip : Outcome::Fail,
              "import: " + diagnostics};
    auto signature = getFunctionSignature(*module, "");
    if (!signature)
      return {Outcome::Fail, llvm::toString(signature.takeError())};
    QFoldToLLVMOptions options;
    if (failed(lowerToLLVMDialect(*module, options)))
      return {Outcome::Fail, "lowering: " + diagnostics};
    auto function = JitFunction::create(*module, *signature);
    if (!function)
      return {Outcome::Fail, llvm::toString(function.takeError())};
    if (llvm::Error error = (*function)->checkInputs(arguments))
      return {Outcome::Fail, llvm::toString(std::move(error))};
    std::vector<HostTensor> results = (*function)->allocateResults(arguments);
    if (llvm::Error error = (*function)->call(arguments, results))
      return {Outcome::Fail, llvm::toString(std::move(error))};
    if (results.size() != expected.size())
      return {Outcome::Fail, "produced " + std::to_string(results.size()) +
                                 " outputs, expected " +
                                 std::to_string(expected.size())};
    for (size_t i = 0; i < results.size(); ++i)
      if (std::string mismatch = compare(results[i], expected[i], i);
          !mismatch.empty())
        return {Outcome::Fail,
                llvm::sys::path::filename(dataSet).str() + ": " + mismatch};
  }
  return {Outcome::Pass, std::to_string(dataSets.size()) + " data set" +
                             (dataSets.size() == 1 ? "" : "s")};
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(conformanceCategory);
  cl::ParseCommandLineOptions(argc, argv, "ONNX backend test runner\n");
  std::vector<std::string> dirs(roots.begin(), roots.end());
  if (dirs.empty())
    for (const char *suite :
         {"node", "pytorch-converted", "pytorch-operator", "simple"})
      dirs.push_back(std::string("/usr/share/libonnx-testdata/data/") + suite);

  DialectRegistry registry;
  registerQFoldCompilerDialects(registry);
  MLIRContext context(registry);

  int passed = 0, failed = 0, skipped = 0;
  for (const std::string &root : dirs) {
    if (!llvm::sys::fs::is_directory(root)) {
      llvm::errs() << "qfold-onnx-conformance: error: no directory '" << root
                   << "' (Debian's libonnx-testdata installs the suites)\n";
      return 1;
    }
    for (const std::string &dir : listDirectory(root, "")) {
      if (!llvm::sys::fs::exists(dir + "/model.onnx") ||
          (!filter.empty() && dir.find(filter) == std::string::npos))
        continue;
      std::string name = (llvm::sys::path::filename(root) + "/" +
                          llvm::sys::path::filename(dir))
                             .str();
      Result result = runTest(context, dir);
      const char *label = result.outcome == Outcome::Pass   ? "PASS"
                          : result.outcome == Outcome::Fail ? "FAIL"
                                                            : "SKIP";
      llvm::outs() << label << " " << name << ": " << result.detail << "\n";
      llvm::outs().flush();
      (result.outcome == Outcome::Pass   ? passed
       : result.outcome == Outcome::Fail ? failed
                                         : skipped)++;
    }
  }
  llvm::outs() << "total: " << passed + failed + skipped << " tests, " << passed
               << " passed, " << failed << " failed, " << skipped
               << " skipped\n";
  return failed ? 1 : 0;
}
