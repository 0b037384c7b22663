//===- qfold-opt.cpp - the qfold optimizer driver -------------------------===//
//
// mlir-opt with qfold added: every upstream dialect, extension and pass is
// registered, so anything that works in mlir-opt works here too. Pipelines
// run with qfold's pass-failure reports: no pass fails without an error.
//
//===----------------------------------------------------------------------===//

#include "qfold/InitQFold.h"
#include "qfold/Pass/PassFailureReports.h"
#include "qfold/Tools/ToolSupport.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

int main(int argc, char **argv) {
  // --help lists mlir-opt's options and passes, not every backend's flags.
  qfold::hideLibraryOptions();
  registerAllPasses();
  qfold::registerAllQFoldPasses();

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  qfold::registerQFoldDialects(registry);

  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      argc, argv, "qfold optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  // Listing dialects or passes: upstream's driver does it.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputFilename, outputFilename, registry));

  llvm::InitLLVM initLLVM(argc, argv);
  MlirOptMainConfig pipeline = config;
  config.setPassPipelineSetupFn([pipeline](PassManager &pm) {
    qfold::addPassFailureReports(pm);
    return pipeline.setupPassPipeline(pm);
  });

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &errorMessage);
  if (!input) {
    llvm::errs() << errorMessage << "\n";
    return EXIT_FAILURE;
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &errorMessage);
  if (!output) {
    llvm::errs() << errorMessage << "\n";
    return EXIT_FAILURE;
  }
  if (failed(MlirOptMain(output->os(), std::move(input), registry, config)))
    return EXIT_FAILURE;
  output->keep();
  return EXIT_SUCCESS;
}
