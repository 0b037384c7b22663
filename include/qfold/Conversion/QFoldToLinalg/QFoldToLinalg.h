//===- QFoldToLinalg.h - lower qfold to linalg -------------------*- C++
//-*-===//

#ifndef QFOLD_CONVERSION_QFOLDTOLINALG_QFOLDTOLINALG_H
#define QFOLD_CONVERSION_QFOLDTOLINALG_QFOLDTOLINALG_H

#include "qfold/Dialect/QFold/IR/QFoldDialect.h"

#include "mlir/Transforms/DialectConversion.h"

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
/// a requant_mode attribute.
void populateQFoldToLinalgConversionPatterns(const TypeConverter &converter,
                                             RewritePatternSet &patterns,
                                             RequantMode defaultMode);

} // namespace mlir::qfold

#endif // QFOLD_CONVERSION_QFOLDTOLINALG_QFOLDTOLINALG_H
