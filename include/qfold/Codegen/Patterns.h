//===- Patterns.h - rewrite patterns of qfold's CPU codegen ------*- C++
//-*-===//

#ifndef QFOLD_CODEGEN_PATTERNS_H
#define QFOLD_CODEGEN_PATTERNS_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace mlir::qfold {

/// The rounding doubling high multiply of fixed-point requantization on
/// vectors, trunci((sext(a) * sext(m) + 2^30) >>s 31) from i64 to i32, as
/// products of the even and the odd i32 lanes in i64 lanes (what x86's
/// vpmuldq computes) blended back into i32 lanes, instead of sign-extending
/// whole vectors to i64 and truncating the results back.
void populateEvenOddHighMulPatterns(RewritePatternSet &patterns);

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_PATTERNS_H
