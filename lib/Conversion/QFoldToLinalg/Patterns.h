//===- Patterns.h - the qfold-to-linalg pattern groups -----------*- C++
//-*-===//

#ifndef QFOLD_LIB_CONVERSION_QFOLDTOLINALG_PATTERNS_H
#define QFOLD_LIB_CONVERSION_QFOLDTOLINALG_PATTERNS_H

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Support/Requantize.h"

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::qfold::lowering {

/// Checks what lowering `op` needs (a representable requantization, an
/// accumulator that cannot overflow), emitting errors at the op.
LogicalResult checkConvLowerable(Conv2DOp op, RequantMode defaultMode);

/// qfold.conv2d.
void populateConvToLinalgPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  RequantMode defaultMode,
                                  TfliteRounding rounding);

/// qfold.conv_transpose2d, as the qfold.conv2d it equals (lowered in turn
/// by the conv patterns).
void populateConvTransposeToLinalgPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns);

/// The same for a quantized relu/clamp that requantizes.
LogicalResult checkActivationLowerable(Operation *op, RequantMode defaultMode);

/// qfold.batch_norm, qfold.relu, qfold.clamp.
void populateElementwiseToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns,
                                         RequantMode defaultMode,
                                         TfliteRounding rounding);

/// qfold.add, sub, mul, div (a quantized one lowered with TFLite's kernel
/// must have representable multipliers; success for other ops).
LogicalResult checkElementwiseBinaryLowerable(Operation *op,
                                              RequantMode defaultMode);
void populateElementwiseBinaryToLinalgPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns,
                                               RequantMode defaultMode,
                                               TfliteRounding rounding);

/// qfold.max_pool2d, qfold.avg_pool2d (a quantized average must have a
/// representable multiplier).
LogicalResult checkAvgPoolLowerable(AvgPool2DOp op, RequantMode defaultMode);
void populatePoolToLinalgPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  RequantMode defaultMode,
                                  TfliteRounding rounding);

/// Upstream ops on quantized tensors (reshapes, concatenation) rebuilt on
/// their storage types, and the aggregate ops the importer uses
/// (tensor.concat, linalg.softmax) decomposed for bufferization.
void populateStructuralToLinalgPatterns(const TypeConverter &converter,
                                        RewritePatternSet &patterns);

/// quant.qcast, quant.dcast, quant.scast.
void populateQuantCastsToLinalgPatterns(const TypeConverter &converter,
                                        RewritePatternSet &patterns);

} // namespace mlir::qfold::lowering

#endif // QFOLD_LIB_CONVERSION_QFOLDTOLINALG_PATTERNS_H
