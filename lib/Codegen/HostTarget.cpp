//===- HostTarget.cpp - the vector ISA of this machine or a named CPU -----===//

#include "qfold/Codegen/HostTarget.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/X86TargetParser.h"

using namespace mlir::qfold;

/// The vector target of a CPU with the features `has` answers for.
static VectorTarget
vectorTargetFromFeatures(llvm::function_ref<bool(llvm::StringRef)> has) {
  VectorTarget target;
  target.hasAvx2 = has("avx2");
  if (has("avx512f")) {
    target.lanes = 16;
    target.registers = 32;
    target.hasVnni = has("avx512vnni");
    target.hasAvx512bw = has("avx512bw");
  } else if (has("avx2")) {
    target.lanes = 8;
    target.registers = 16;
    target.hasVnni = has("avxvnni");
  } else {
    target.lanes = 4;
    target.registers = 16;
  }
  return target;
}

VectorTarget mlir::qfold::detectHostVectorTarget() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  return vectorTargetFromFeatures(
      [&](llvm::StringRef name) { return features.lookup(name); });
}

std::optional<VectorTarget>
mlir::qfold::getVectorTargetForCPU(llvm::StringRef cpu) {
  if (cpu.empty())
    return detectHostVectorTarget();
  if (llvm::X86::parseArchX86(cpu, /*Only64Bit=*/true) == llvm::X86::CK_None)
    return std::nullopt;
  // LLVM's table lists a CPU's own features; the ones they imply (avx2 under
  // alderlake's) come from updateImpliedFeatures.
  llvm::SmallVector<llvm::StringRef> features;
  llvm::X86::getFeaturesForCPU(cpu, features);
  llvm::StringMap<bool> implied;
  for (llvm::StringRef feature : features)
    llvm::X86::updateImpliedFeatures(feature, /*Enabled=*/true, implied);
  return vectorTargetFromFeatures([&](llvm::StringRef name) {
    return llvm::is_contained(features, name) || implied.lookup(name);
  });
}

std::optional<std::string>
mlir::qfold::getFeatureStringForCPU(llvm::StringRef cpu) {
  std::string features;
  if (cpu.empty()) {
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") +
                  std::string(feature.second ? "+" : "-") +
                  feature.first().str();
    return features;
  }
  if (llvm::X86::parseArchX86(cpu, /*Only64Bit=*/true) == llvm::X86::CK_None)
    return std::nullopt;
  llvm::SmallVector<llvm::StringRef> cpuFeatures;
  llvm::X86::getFeaturesForCPU(cpu, cpuFeatures, /*NeedPlus=*/true);
  return llvm::join(cpuFeatures, ",");
}
