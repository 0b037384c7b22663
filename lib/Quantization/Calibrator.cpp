//===- Calibrator.cpp - collect activation ranges by running a program ----===//

#include "qfold/Quantization/Calibrator.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"
#include "qfold/Pass/PassFailureReports.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"

using namespace mlir;
using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

Calibrator::Calibrator(OwningOpRef<ModuleOp> program, std::string entry,
                       size_t numResults, std::vector<std::string> names)
    : program(std::move(program)), entry(std::move(entry)),
      numResults(numResults), names(std::move(names)),
      values(this->names.size()) {}

llvm::Expected<Calibrator> Calibrator::create(ModuleOp module,
                                              llvm::StringRef entry) {
  OwningOpRef<ModuleOp> program = module.clone();
  PassManager pm(module->getContext());
  addPassFailureReports(pm);
  buildQFoldFoldPipeline(pm, /*beforeQuantization=*/true);
  if (failed(pm.run(*program)))
    return makeError("folding the program to calibrate failed");
  auto func = program->lookupSymbol<func::FuncOp>(entry);
  if (!func || func.isExternal())
    return makeError("no function @" + entry + " to calibrate");
  size_t numResults = func.getNumResults();
  std::vector<std::string> names = exposeCalibrationPoints(func);
  return Calibrator(std::move(program), entry.str(), numResults,
                    std::move(names));
}

llvm::Error Calibrator::addRun(llvm::ArrayRef<HostTensor> results) {
  if (results.size() != numResults + names.size())
    return makeError("the calibration program returned " +
                     llvm::Twine(results.size()) + " results, expected " +
                     llvm::Twine(numResults + names.size()));
  for (size_t i = 0; i < names.size(); ++i) {
    const HostTensor &point = results[numResults + i];
    for (int64_t j = 0; j < point.getNumElements(); ++j)
      values[i].push_back(static_cast<float>(point.getAsDouble(j)));
  }
  return llvm::Error::success();
}

CalibrationTable Calibrator::getTable(double percentile) const {
  CalibrationTable table;
  for (size_t i = 0; i < names.size(); ++i)
    table[names[i]] = computeRange(values[i], percentile);
  return table;
}
