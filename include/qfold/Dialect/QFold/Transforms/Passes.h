//===- Passes.h - qfold dialect passes -------------------------*- C++ -*-===//

#ifndef QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_H
#define QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mlir::qfold {

#define GEN_PASS_DECL
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"

/// The folding steps of every qfold pipeline (and of calibration, which must
/// see the program as it will be quantized): Q/DQ fusion, then qfold-fold.
/// The fusion comes first: it needs a BatchNorm still next to the
/// dequantized weights, which the float folding would otherwise consume.
/// `beforeQuantization`: no padding values (post-training quantization
/// quantizes convs that pad with the input's zero point; an input
/// normalization before a padded conv then stays and is calibrated), and
/// transposed convs rewritten as conv2d ops (which it quantizes).
void buildQFoldFoldPipeline(OpPassManager &pm, bool beforeQuantization = false);

/// conv_transpose2d(DQ(x), DQ(W)) => the conv2d it equals on dequantized
/// operands (x spread with its zero point, W transposed and flipped), which
/// Q/DQ fusion then turns into an integer conv (part of qfold-fuse-qdq).
void populateDecomposeDequantizedConvTransposePatterns(
    RewritePatternSet &patterns);

/// add/sub/mul/div by a per-channel constant after a conv whose filter is
/// dequantized => the equivalent batch_norm, and such batch_norm chains
/// merged, so that Q/DQ fusion folds them into the integer conv (part of
/// qfold-fuse-qdq).
void populateChannelAffineAsBatchNormPatterns(RewritePatternSet &patterns);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_TRANSFORMS_PASSES_H
