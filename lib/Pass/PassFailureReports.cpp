//===- PassFailureReports.cpp - no pass fails without a diagnostic --------===//
//
// Errors are counted by a context diagnostic handler that passes every
// diagnostic on. Passes nested under an adaptor may run on other threads,
// where MLIR holds their diagnostics back and emits them in order when the
// adaptor's parallel loop ends; so the check is made only when a pass on the
// root operation (the module, or an adaptor over its functions) has failed,
// by which time every held diagnostic has been emitted and counted.
//
//===----------------------------------------------------------------------===//

#include "qfold/Pass/PassFailureReports.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

using namespace mlir;

namespace {

class PassFailureReports : public PassInstrumentation {
public:
  explicit PassFailureReports(MLIRContext *context) : context(context) {
    handlerId =
        context->getDiagEngine().registerHandler([this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error)
            errors.fetch_add(1, std::memory_order_relaxed);
          return failure(); // not handled: the tool's own handlers print it
        });
  }

  ~PassFailureReports() override {
    context->getDiagEngine().eraseHandler(handlerId);
  }

  void runBeforePass(Pass *, Operation *op) override {
    if (op->getParentOp())
      return;
    std::lock_guard<std::mutex> lock(mutex);
    errorsAtStart = errors.load(std::memory_order_relaxed);
    failed.reset();
  }

  void runAfterPassFailed(Pass *pass, Operation *op) override {
    std::lock_guard<std::mutex> lock(mutex);
    // The innermost failing pass fails first: its adaptors fail after it.
    if (!failed)
      failed = Failure{describe(pass, op), op->getLoc()};
    if (op->getParentOp() ||
        errors.load(std::memory_order_relaxed) != errorsAtStart)
      return;
    emitError(failed->location)
        << failed->what
        << " failed without a diagnostic; this is a bug in qfold or in the "
           "pass, please report it with this input";
  }

private:
  struct Failure {
    std::string what;
    Location location;
  };

  static std::string describe(Pass *pass, Operation *op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    StringRef argument = pass->getArgument();
    os << "pass '" << (argument.empty() ? pass->getName() : argument)
       << "' on '" << op->getName() << "'";
    if (auto name =
            op->getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName()))
      os << " @" << name.getValue();
    return text;
  }

  MLIRContext *context;
  DiagnosticEngine::HandlerID handlerId;
  std::atomic<unsigned> errors{0};
  std::mutex mutex;
  unsigned errorsAtStart = 0;
  std::optional<Failure> failed;
};

} // namespace

void mlir::qfold::addPassFailureReports(PassManager &pm) {
  pm.addInstrumentation(std::make_unique<PassFailureReports>(pm.getContext()));
}
