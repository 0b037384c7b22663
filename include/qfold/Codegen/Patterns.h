//===- Patterns.h - rewrite patterns of qfold's CPU codegen ------*- C++
//-*-===//

#ifndef QFOLD_CODEGEN_PATTERNS_H
#define QFOLD_CODEGEN_PATTERNS_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace mlir::qfold {

/// The i64 arithmetic of fixed-point requantization on vectors (trunci to
/// i32 of elementwise i64 ops on a product of two i32 values, such as the
/// one-step rounding of highMulRoundingShift), computed on the even and the
/// odd i32 lanes as i64 lanes (products as x86's vpmuldq computes them) and
/// put back into i32 lanes, instead of sign-extending whole vectors to i64
/// and truncating the results back.
void populateEvenOddHighMulPatterns(RewritePatternSet &patterns);

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_PATTERNS_H
