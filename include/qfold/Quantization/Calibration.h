//===- Calibration.h - activation ranges for post-training quantization ---===//
//
// Calibration points are the values post-training quantization needs ranges
// for: the function's f32 arguments ("arg0", ...) and the results of its
// float qfold.conv2d, qfold.add and qfold.avg_pool2d ops, each kind in order
// ("conv0", ..., "add0", ..., "pool0", ...), after folding (so a conv's or
// add's range is that of its post-activation output). Both qfold-run
// --calibrate and the qfold-quantize pass name them the same way.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_QUANTIZATION_CALIBRATION_H
#define QFOLD_QUANTIZATION_CALIBRATION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::qfold {

struct CalibratedRange {
  double min = 0.0;
  double max = 0.0;
};

/// Calibration point name -> range.
using CalibrationTable = std::map<std::string, CalibratedRange>;

/// The calibration points of `func`, by name, in a deterministic order.
std::vector<std::pair<std::string, Value>>
getCalibrationPoints(func::FuncOp func);

/// Makes `func` also return every calibration point (after its own
/// results); returns their names in order.
std::vector<std::string> exposeCalibrationPoints(func::FuncOp func);

/// {"version": 1, "ranges": {"conv0": {"min": ..., "max": ...}, ...}}
llvm::Error writeCalibrationTable(llvm::StringRef path,
                                  const CalibrationTable &table);
llvm::Expected<CalibrationTable> readCalibrationTable(llvm::StringRef path);

/// The range of `values` for calibration: [min, max] for percentile 100,
/// otherwise the given percentile of |v| (for both signs, clipped to the
/// observed min/max), which ignores rare outliers.
CalibratedRange computeRange(std::vector<float> values, double percentile);

} // namespace mlir::qfold

#endif // QFOLD_QUANTIZATION_CALIBRATION_H
