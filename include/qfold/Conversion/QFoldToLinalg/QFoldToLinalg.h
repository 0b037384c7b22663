//===- QFoldToLinalg.h - lower qfold to linalg -------------------*- C++
//-*-===//

#ifndef QFOLD_CONVERSION_QFOLDTOLINALG_QFOLDTOLINALG_H
#define QFOLD_CONVERSION_QFOLDTOLINALG_QFOLDTOLINALG_H

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"
#include "qfold/Support/Requantize.h"

#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/CommandLine.h"

namespace mlir::qfold {

/// Converts tensors of `!quant.uniform` element type to tensors of their
/// storage type (signless i8 for both u8 and i8, i32 for i32); every other
/// type is kept.
class QuantStorageTypeConverter : public TypeConverter {
public:
  QuantStorageTypeConverter();
};

/// Patterns lowering qfold ops and quant.qcast/dcast/scast to
/// linalg/tensor/arith/math. `defaultMode` is used for quantized ops without
/// a requant_mode attribute; `rounding` is how the tflite mode's rounding is
/// emitted (bit-exact either way; the faster one depends on the target).
void populateQFoldToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    RequantMode defaultMode, TfliteRounding rounding = TfliteRounding::oneStep);

/// `one-step` and `two-steps`, for `llvm::cl` and MLIR pass options.
inline llvm::cl::ValuesClass tfliteRoundingValues() {
  return llvm::cl::values(
      clEnumValN(TfliteRounding::oneStep, "one-step",
                 "one rounding of the 64-bit product (AVX-512 targets)"),
      clEnumValN(TfliteRounding::twoSteps, "two-steps",
                 "gemmlowp's high multiply, then its rounding division on "
                 "i32 lanes (targets without AVX-512)"));
}

} // namespace mlir::qfold

#endif // QFOLD_CONVERSION_QFOLDTOLINALG_QFOLDTOLINALG_H
