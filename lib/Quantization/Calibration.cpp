//===- Calibration.cpp - activation ranges for post-training quantization -===//

#include "qfold/Quantization/Calibration.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::vector<std::pair<std::string, Value>>
mlir::qfold::getCalibrationPoints(func::FuncOp func) {
  std::vector<std::pair<std::string, Value>> points;
  for (BlockArgument arg : func.getArguments())
    if (auto type = dyn_cast<RankedTensorType>(arg.getType());
        type && type.getElementType().isF32())
      points.emplace_back("arg" + std::to_string(arg.getArgNumber()), arg);
  // Each kind numbered on its own, so a program's conv names do not depend
  // on its adds and pools. A max pool keeps its input's range.
  int convs = 0, pools = 0;
  llvm::StringMap<int> binaryOps;
  func.walk([&](Operation *op) {
    if (auto conv = dyn_cast<Conv2DOp>(op); conv && !conv.isQuantized())
      points.emplace_back("conv" + std::to_string(convs++), conv.getOutput());
    else if (isa<AddOp, SubOp, MulOp, DivOp>(op) &&
             isa<FloatType>(getElementTypeOrSelf(op->getResult(0).getType()))) {
      StringRef kind = op->getName().stripDialect();
      points.emplace_back(kind.str() + std::to_string(binaryOps[kind]++),
                          op->getResult(0));
    } else if (auto pool = dyn_cast<AvgPool2DOp>(op);
               pool && pool.getType().getElementType().isF32())
      points.emplace_back("pool" + std::to_string(pools++), pool.getOutput());
  });
  return points;
}

std::vector<std::string>
mlir::qfold::exposeCalibrationPoints(func::FuncOp func) {
  std::vector<std::pair<std::string, Value>> points =
      getCalibrationPoints(func);
  std::vector<std::string> names;
  SmallVector<Type> resultTypes(func.getResultTypes());
  Operation *ret = func.getBody().back().getTerminator();
  SmallVector<Value> operands(ret->getOperands());
  for (auto &[name, value] : points) {
    names.push_back(name);
    operands.push_back(value);
    resultTypes.push_back(value.getType());
  }
  ret->setOperands(operands);
  func.setFunctionType(FunctionType::get(func.getContext(),
                                         func.getArgumentTypes(), resultTypes));
  return names;
}

llvm::Error mlir::qfold::writeCalibrationTable(llvm::StringRef path,
                                               const CalibrationTable &table) {
  llvm::json::Object ranges;
  for (const auto &[name, range] : table)
    ranges[name] = llvm::json::Object{{"min", range.min}, {"max", range.max}};
  llvm::json::Value root =
      llvm::json::Object{{"version", 1}, {"ranges", std::move(ranges)}};
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  os << llvm::formatv("{0:2}", root) << "\n";
  return llvm::Error::success();
}

llvm::Expected<CalibrationTable>
mlir::qfold::readCalibrationTable(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return makeError("cannot read '" + path +
                     "': " + buffer.getError().message());
  llvm::Expected<llvm::json::Value> root =
      llvm::json::parse((*buffer)->getBuffer());
  if (!root)
    return makeError(path +
                     ": not valid JSON: " + llvm::toString(root.takeError()));
  const llvm::json::Object *object = root->getAsObject();
  const llvm::json::Object *ranges =
      object ? object->getObject("ranges") : nullptr;
  if (!ranges)
    return makeError(path + ": expected an object with a \"ranges\" object");
  CalibrationTable table;
  for (const auto &[name, entry] : *ranges) {
    const llvm::json::Object *range = entry.getAsObject();
    std::optional<double> lo = range ? range->getNumber("min") : std::nullopt;
    std::optional<double> hi = range ? range->getNumber("max") : std::nullopt;
    if (!lo || !hi || !std::isfinite(*lo) || !std::isfinite(*hi) || *lo > *hi)
      return makeError(path + ": range '" + name.str() +
                       "' needs finite \"min\" <= \"max\"");
    table[name.str()] = {*lo, *hi};
  }
  return table;
}

CalibratedRange mlir::qfold::computeRange(std::vector<float> values,
                                          double percentile) {
  if (values.empty())
    return {};
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  CalibratedRange range{*lo, *hi};
  if (percentile >= 100.0)
    return range;
  for (float &v : values)
    v = std::abs(v);
  size_t k = std::min(values.size() - 1,
                      size_t(percentile / 100.0 * double(values.size())));
  std::nth_element(values.begin(), values.begin() + k, values.end());
  double bound = values[k];
  return {std::max(range.min, -bound), std::min(range.max, bound)};
}
