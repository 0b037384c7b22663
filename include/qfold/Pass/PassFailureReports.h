//===- PassFailureReports.h - no silent pass failures ----------*- C++ -*-===//
//
// qfold's rule: a pass pipeline run by a qfold tool or library entry point
// never fails without an error that names the failing pass and operation.
// Passes report their own failures; this instrumentation is the net under
// them: when a run fails and no error was emitted while it ran, it emits one
// at the operation the innermost failing pass ran on.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_PASS_PASSFAILUREREPORTS_H
#define QFOLD_PASS_PASSFAILUREREPORTS_H

namespace mlir {
class PassManager;
} // namespace mlir

namespace mlir::qfold {

/// Adds the instrumentation to `pm` (once per pass manager).
void addPassFailureReports(PassManager &pm);

} // namespace mlir::qfold

#endif // QFOLD_PASS_PASSFAILUREREPORTS_H
