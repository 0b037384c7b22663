//===- QuantizedConvAnalysis.h - a quantized conv2d's constants -*- C++ -*-===//
//
// What lowering a quantized qfold.conv2d needs to know at compile time: the
// requantization, the filter with its zero points subtracted (constant or
// prepared at run time) and its per-channel sums, and the per-channel
// correction x_zp * sum(w - w_zp) that joins the bias. Checked before any IR
// is created: an accumulator that could overflow i32 is a diagnostic.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_CONVERSION_QFOLDTOLINALG_QUANTIZEDCONVANALYSIS_H
#define QFOLD_LIB_CONVERSION_QFOLDTOLINALG_QUANTIZEDCONVANALYSIS_H

#include "ConvPlan.h"
#include "RequantizeEmitter.h"

#include "qfold/Dialect/QFold/IR/QuantInfo.h"

#include <optional>

namespace mlir::qfold::lowering {

/// A constant filter with its zero points subtracted (w - w_zp lies in
/// [-255, 255]), re-laid out for the plan, and its per-channel sums.
struct ConstantFilter {
  SmallVector<int64_t> relaid;
  SmallVector<int64_t> sums;
  /// sum |w - w_zp| per output channel, for the overflow bound.
  SmallVector<int64_t> absSums;
  bool fitsI8 = true;
};

/// The filter with its zero points subtracted, in the plan's layout (i8 when
/// every value fits, else i16), and its per-output-channel sums.
struct QuantizedFilter {
  Value filter;
  Value sums; // tensor<O x i32>
};

/// The constant filter in the plan's layout, and its sums, as constants.
QuantizedFilter materializeConstantFilter(OpBuilder &b, Location loc,
                                          const ConvPlan &plan,
                                          const ConstantFilter &constant);

/// Run-time weights: widen, subtract the zero points, re-lay out, and sum.
QuantizedFilter prepareRuntimeFilter(OpBuilder &b, Location loc, Conv2DOp op,
                                     const ConvPlan &plan, Value storage,
                                     const QuantInfo &info);

/// What lowering a quantized conv needs to know at compile time, checked:
/// the requantization (none for the integer form), the constant filter and
/// bias when they are constants, and the per-channel correction.
struct QuantizedConvAnalysis {
  std::optional<RequantPlan> requant;
  std::optional<ConstantFilter> constantFilter;
  std::optional<SmallVector<int32_t>> constantCorrection;
  /// The input as signed i8: u8 storage is shifted by 128 (x ^ 0x80).
  bool flipSignBit = false;
  int64_t inputZeroPoint = 0;
};

/// The analysis of `op` (filter and bias given as their storage values, or
/// as the op's own operands before conversion); failure with an error at
/// the op when the requantization or the accumulator is not representable.
FailureOr<QuantizedConvAnalysis>
analyzeQuantizedConv(Conv2DOp op, const ConvPlan &plan, Value filterStorage,
                     Value biasStorage, RequantMode defaultMode);

} // namespace mlir::qfold::lowering

#endif // QFOLD_LIB_CONVERSION_QFOLDTOLINALG_QUANTIZEDCONVANALYSIS_H
