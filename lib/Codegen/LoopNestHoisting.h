//===- LoopNestHoisting.h - constant loop nests out of loops ----*- C++ -*-===//
//
// Moving a loop nest that computes from constants and constant memory only
// out of the loops around it, tabulating it over the one loop whose
// induction variable it reads.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_CODEGEN_LOOPNESTHOISTING_H
#define QFOLD_LIB_CODEGEN_LOOPNESTHOISTING_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::qfold {

/// True when `op` only reads memory no code writes: a constant global's.
bool readsOnlyConstantMemory(Operation *op);

/// Moves `nest` (a loop computing from constants and constant memory only)
/// before each enclosing loop that runs at least once, with the pure index
/// arithmetic it reads from that loop's body, when it depends on nothing
/// else there; once, when it depends on that loop's induction variable
/// alone, its results for every iteration of that loop are computed before
/// it into a stack table (when its results are vectors of one type, 64 KiB
/// at most). Returns the values that replace `nest`'s results
/// (its own, or reads of the table), or failure (changing nothing but pure
/// index arithmetic) when it leaves no loop.
FailureOr<SmallVector<Value>> placeOutsideLoops(RewriterBase &rewriter,
                                                scf::ForOp nest);

} // namespace mlir::qfold

#endif // QFOLD_LIB_CODEGEN_LOOPNESTHOISTING_H
