//===- TargetMachine.cpp - LLVM target machines for an x86 CPU ------------===//

#include "qfold/Runtime/TargetMachine.h"
#include "qfold/Codegen/HostTarget.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::qfold;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::qfold::createTargetMachine(llvm::StringRef cpu, CodeUse use) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return makeError("no LLVM target for " + triple.str() + ": " + error);
  std::optional<std::string> features = getFeatureStringForCPU(cpu);
  if (!features)
    return makeError("unknown x86 CPU '" + cpu + "'");
  std::string cpuName =
      cpu.empty() ? llvm::sys::getHostCPUName().str() : cpu.str();
  // Constructors (the C entry reads QFOLD_NUM_THREADS in one) go to
  // .init_array, which the C runtime runs; it ignores .ctors.
  llvm::TargetOptions options;
  options.UseInitArray = true;
  bool jit = use == CodeUse::jit;
  // The JIT: the target's JIT defaults (as ORC's JITTargetMachineBuilder
  // leaves them), so that constants and code in separately mapped sections
  // are reached whatever their distance (a small-code-model constant load
  // faulted under AddressSanitizer, whose mmap placement differs).
  std::optional<llvm::Reloc::Model> relocation;
  if (!jit)
    relocation = llvm::Reloc::PIC_;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpuName, *features, options, relocation, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive, jit));
  if (!machine)
    return makeError("cannot create a target machine for " + triple.str());
  return machine;
}

/// Whether LLVM's feature `name` adds instructions that vectorized or
/// scalar arithmetic code may contain. The others (sgx, pku, mwaitx, x87...)
/// are system features code generation does not emit, and some hosts (VMs)
/// do not report them although the code would run.
static bool isInstructionSetFeature(llvm::StringRef name) {
  static constexpr llvm::StringLiteral prefixes[] = {
      "avx",   "amx",  "sse",   "fma",  "f16c",   "bmi",
      "gfni",  "vaes", "vpclm", "sha",  "popcnt", "lzcnt",
      "movbe", "adx",  "aes",   "cx16", "xop",    "prefetchwt1"};
  return llvm::any_of(prefixes, [&](llvm::StringRef prefix) {
    return name.starts_with(prefix);
  });
}

std::vector<std::string>
mlir::qfold::getFeaturesMissingOnHost(llvm::StringRef cpu) {
  std::vector<std::string> missing;
  std::optional<llvm::StringMap<bool>> features;
  if (!cpu.empty())
    features = getFeaturesOfCPU(cpu);
  if (!features)
    return missing;
  llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  for (const auto &feature : *features)
    if (feature.second && isInstructionSetFeature(feature.first()) &&
        !host.lookup(feature.first()))
      missing.push_back(feature.first().str());
  // (StringMap's order is unspecified: sorted, for a stable message.)
  llvm::sort(missing);
  return missing;
}
