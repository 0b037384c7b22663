//===- PassFailureReportsTest.cpp - no pass fails without an error --------===//

#include "qfold/Pass/PassFailureReports.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace mlir;

namespace {

/// Fails on every function named in `failOn`, with an error when `explain`.
struct FailingPass : PassWrapper<FailingPass, OperationPass<func::FuncOp>> {
  FailingPass(std::string failOn, bool explain)
      : failOn(std::move(failOn)), explain(explain) {}
  StringRef getArgument() const override { return "test-failing-pass"; }
  void runOnOperation() override {
    if (getOperation().getSymName() != failOn)
      return;
    if (explain)
      getOperation().emitError("explained failure");
    signalPassFailure();
  }
  std::string failOn;
  bool explain;
};

struct PipelineRun {
  LogicalResult result;
  std::vector<std::string> errors;
};

PipelineRun runFailingPass(StringRef failOn, bool explain, bool threads) {
  MLIRContext context;
  context.loadDialect<func::FuncDialect>();
  context.enableMultithreading(threads);
  PipelineRun run{success(), {}};
  ScopedDiagnosticHandler collect(&context, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      run.errors.push_back(diag.str());
  });
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      "func.func @a() { return }\nfunc.func @b() { return }\n"
      "func.func @c() { return }\n",
      &context);
  PassManager pm(&context);
  qfold::addPassFailureReports(pm);
  pm.addNestedPass<func::FuncOp>(
      std::make_unique<FailingPass>(failOn.str(), explain));
  run.result = pm.run(*module);
  return run;
}

TEST(PassFailureReports, SilentFailureGetsAnError) {
  for (bool threads : {false, true}) {
    PipelineRun run = runFailingPass("b", /*explain=*/false, threads);
    EXPECT_TRUE(failed(run.result));
    ASSERT_EQ(run.errors.size(), 1u);
    EXPECT_NE(
        run.errors[0].find("pass 'test-failing-pass' on 'func.func' @b failed "
                           "without a diagnostic"),
        std::string::npos)
        << run.errors[0];
  }
}

TEST(PassFailureReports, ExplainedFailureIsLeftAlone) {
  for (bool threads : {false, true}) {
    PipelineRun run = runFailingPass("c", /*explain=*/true, threads);
    EXPECT_TRUE(failed(run.result));
    ASSERT_EQ(run.errors.size(), 1u);
    EXPECT_EQ(run.errors[0], "explained failure");
  }
}

TEST(PassFailureReports, SuccessIsSilent) {
  PipelineRun run = runFailingPass("none", /*explain=*/false, /*threads=*/true);
  EXPECT_TRUE(succeeded(run.result));
  EXPECT_TRUE(run.errors.empty());
}

} // namespace
