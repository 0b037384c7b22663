//===- Calibrator.h - collect activation ranges by running a program -*- C++
//-*-===//
//
// Post-training quantization's calibration, apart from how the program is
// run: the calibrator folds a copy of the module as the pipeline does, makes
// the entry function also return every calibration point, and turns the
// values of those points over the runs into a CalibrationTable. The caller
// compiles and runs getProgram() (qfold-run uses its JIT), so this library
// does not depend on an execution engine.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_QUANTIZATION_CALIBRATOR_H
#define QFOLD_QUANTIZATION_CALIBRATOR_H

#include "qfold/Quantization/Calibration.h"
#include "qfold/Tensor/HostTensor.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace mlir::qfold {

class Calibrator {
public:
  /// Folds a copy of `module` (buildQFoldFoldPipeline) and makes function
  /// `entry` of it also return every calibration point, after its own
  /// results. Fails when folding fails or `entry` is not a function there.
  static llvm::Expected<Calibrator> create(ModuleOp module,
                                           llvm::StringRef entry);

  /// The program to compile and run on each input set (not folded again).
  ModuleOp getProgram() { return *program; }
  llvm::StringRef getEntry() const { return entry; }
  size_t getNumPoints() const { return names.size(); }

  /// Records the calibration points among the `results` of one run of the
  /// program (all of its results, in order).
  llvm::Error addRun(llvm::ArrayRef<HostTensor> results);

  /// The range of each point over the runs recorded (computeRange with
  /// `percentile`).
  CalibrationTable getTable(double percentile) const;

private:
  Calibrator(OwningOpRef<ModuleOp> program, std::string entry,
             size_t numResults, std::vector<std::string> names);

  OwningOpRef<ModuleOp> program;
  std::string entry;
  size_t numResults;
  std::vector<std::string> names;
  std::vector<std::vector<float>> values;
};

} // namespace mlir::qfold

#endif // QFOLD_QUANTIZATION_CALIBRATOR_H
