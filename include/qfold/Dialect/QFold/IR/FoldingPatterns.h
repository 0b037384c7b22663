//===- FoldingPatterns.h - conv-block folding patterns ----------*- C++ -*-===//
//
// The rewrite patterns that fold a conv -> batch_norm -> relu/clamp block into
// one qfold.conv2d. They are the canonicalization patterns of the qfold ops
// and are also applied alone by the `qfold-fold` pass.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_FOLDINGPATTERNS_H
#define QFOLD_DIALECT_QFOLD_IR_FOLDINGPATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace mlir::qfold {

/// conv2d -> batch_norm => conv2d with the BatchNorm folded into its filter
/// and bias.
void populateFoldBatchNormPatterns(RewritePatternSet &patterns);

/// conv2d -> relu/clamp => conv2d with a fused clamp range, and chains of
/// relu/clamp merged into one.
void populateFuseActivationPatterns(RewritePatternSet &patterns);

/// All of the above.
void populateFoldingPatterns(RewritePatternSet &patterns);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_FOLDINGPATTERNS_H
