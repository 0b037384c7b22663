//===- FoldingPatterns.h - conv-block folding patterns ----------*- C++ -*-===//
//
// The rewrite patterns that fold a conv -> batch_norm -> relu/clamp block into
// one qfold.conv2d. They are the canonicalization patterns of the qfold ops
// and are also applied alone by the `qfold-fold` pass.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_FOLDINGPATTERNS_H
#define QFOLD_DIALECT_QFOLD_IR_FOLDINGPATTERNS_H

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Support/BatchNormFolding.h"

#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <string>

namespace mlir::qfold {

/// What the folding patterns may do beyond the defaults.
struct FoldingOptions {
  /// Fold a per-channel affine map into the padded conv after it by giving
  /// the conv pad_values (false: only into unpadded convs).
  bool padValues = true;
};

/// What folding a batch_norm into the float conv2d before it takes: the conv,
/// the statistics when they are constants, and the folded filter and bias
/// when filter and bias are constants too (else the fold is emitted as f32
/// tensor arithmetic).
struct BatchNormFoldPlan {
  Conv2DOp conv;
  std::optional<BatchNormParams> params;
  std::optional<FoldedConvParams> constants;
};

/// The plan for folding `bn`, or failure with `why` set: no float conv2d
/// with a single user and no clamp before it, invalid constant statistics,
/// or a folded value that is not a finite f32 (a huge gamma over a tiny
/// variance). The float fold pattern applies exactly when this succeeds;
/// `qfold-fold{report}` says `why` for every batch_norm left.
FailureOr<BatchNormFoldPlan> planBatchNormFold(BatchNormOp bn,
                                               std::string &why);

/// conv2d -> batch_norm => conv2d with the BatchNorm folded into its filter
/// and bias.
void populateFoldBatchNormPatterns(RewritePatternSet &patterns);

/// conv_transpose2d -> batch_norm => conv_transpose2d with the BatchNorm
/// folded into its filter (axis 1 within each group) and bias.
void populateFoldBatchNormIntoConvTransposePatterns(
    RewritePatternSet &patterns);
/// conv_transpose2d -> add/sub/mul/div by a per-channel constant =>
/// conv_transpose2d with it in its filter and bias.
void populateFoldChannelAffineIntoConvTransposePatterns(
    RewritePatternSet &patterns);

/// conv2d -> relu/clamp => conv2d with a fused clamp range, and chains of
/// relu/clamp merged into one.
void populateFuseActivationPatterns(RewritePatternSet &patterns);

/// conv2d -> add, mul or div by a per-output-channel constant ([1, C, 1, 1])
/// => conv2d with the constant in its bias (add) or filter and bias (mul,
/// div).
void populateFoldChannelAffinePatterns(RewritePatternSet &patterns);

/// batch_norm, or add/sub/mul/div by a per-channel constant, -> conv2d =>
/// conv2d with the affine map in its filter and bias, padding each input
/// channel with the value the map takes to the conv's padding (pad_values).
void populateFoldInputAffinePatterns(RewritePatternSet &patterns,
                                     FoldingOptions options = {});
/// The one of those rooted at `OpTy` (for the op's canonicalizer).
template <typename OpTy>
void populateFoldIntoNextConvPattern(RewritePatternSet &patterns,
                                     FoldingOptions options = {});

/// conv -> reshape -> batch_norm, and reshape -> relu/clamp, with the
/// batch_norm or activation moved above the reshape (parts of the above;
/// also what Q/DQ fusion needs so that a 1-D conv's or a Gemm's BatchNorm and
/// activations meet the conv before the QuantizeLinear after them).
void populateHoistBatchNormAboveReshapePatterns(RewritePatternSet &patterns);
void populateHoistActivationsAboveReshapePatterns(RewritePatternSet &patterns);

/// All of the above.
void populateFoldingPatterns(RewritePatternSet &patterns,
                             FoldingOptions options = {});

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_FOLDINGPATTERNS_H
