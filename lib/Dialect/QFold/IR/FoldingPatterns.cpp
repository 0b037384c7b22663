//===- FoldingPatterns.cpp - all of qfold's folding patterns --------------===//
//
// The set the qfold-fold pass applies; each family lives in its own file
// (FoldBatchNormIntoConv.cpp, FuseActivations.cpp,
// FoldChannelAffineIntoConv.cpp, FoldInputAffineIntoConv.cpp).
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"

void mlir::qfold::populateFoldingPatterns(RewritePatternSet &patterns,
                                          FoldingOptions options) {
  populateFoldBatchNormPatterns(patterns);
  populateFoldBatchNormIntoConvTransposePatterns(patterns);
  populateFuseActivationPatterns(patterns);
  populateFoldChannelAffinePatterns(patterns);
  populateFoldChannelAffineIntoConvTransposePatterns(patterns);
  populateFoldInputAffinePatterns(patterns, options);
}
