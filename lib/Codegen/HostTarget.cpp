//===- HostTarget.cpp - the vector ISA of this machine or a named CPU -----===//

#include "qfold/Codegen/HostTarget.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"
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

/// The size of this machine's level-2 cache per core, from Linux's sysfs
/// (sizes like "1024K"), if it says.
static std::optional<int64_t> readHostL2CacheBytes() {
  for (int index = 0; index < 8; ++index) {
    std::string dir =
        "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    auto level = llvm::MemoryBuffer::getFile(dir + "/level", /*IsText=*/true);
    auto size = llvm::MemoryBuffer::getFile(dir + "/size", /*IsText=*/true);
    if (!level || !size)
      break;
    if ((*level)->getBuffer().trim() != "2")
      continue;
    llvm::StringRef text = (*size)->getBuffer().trim();
    int64_t scale = 1;
    if (text.consume_back("K"))
      scale = 1 << 10;
    else if (text.consume_back("M"))
      scale = 1 << 20;
    int64_t value;
    if (text.getAsInteger(10, value) || value <= 0)
      return std::nullopt;
    return value * scale;
  }
  return std::nullopt;
}

/// The level-2 cache per core of CPUs LLVM names, where it differs from the
/// default 1 MiB (Zen 4/5, Skylake server).
static int64_t getL2CacheBytesForCPU(llvm::StringRef cpu) {
  return llvm::StringSwitch<int64_t>(cpu)
      .Cases({"znver1", "znver2", "znver3"}, 512 << 10)
      .Cases({"haswell", "broadwell", "skylake"}, 256 << 10)
      .Cases({"icelake-server", "icelake-client", "tigerlake"}, 1280 << 10)
      .Cases({"sapphirerapids", "emeraldrapids", "alderlake"}, 2 << 20)
      .Default(1 << 20);
}

VectorTarget mlir::qfold::detectHostVectorTarget() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  VectorTarget target = vectorTargetFromFeatures(
      [&](llvm::StringRef name) { return features.lookup(name); });
  target.cacheBytes = readHostL2CacheBytes().value_or(
      getL2CacheBytesForCPU(llvm::sys::getHostCPUName()));
  return target;
}

std::optional<llvm::StringMap<bool>>
mlir::qfold::getFeaturesOfCPU(llvm::StringRef cpu) {
  if (llvm::X86::parseArchX86(cpu, /*Only64Bit=*/true) == llvm::X86::CK_None)
    return std::nullopt;
  // LLVM's table lists a CPU's own features; the ones they imply (avx2 under
  // alderlake's) come from updateImpliedFeatures.
  llvm::SmallVector<llvm::StringRef> own;
  llvm::X86::getFeaturesForCPU(cpu, own);
  llvm::StringMap<bool> features;
  for (llvm::StringRef feature : own) {
    features[feature] = true;
    llvm::X86::updateImpliedFeatures(feature, /*Enabled=*/true, features);
  }
  return features;
}

std::optional<VectorTarget>
mlir::qfold::getVectorTargetForCPU(llvm::StringRef cpu) {
  if (cpu.empty())
    return detectHostVectorTarget();
  std::optional<llvm::StringMap<bool>> features = getFeaturesOfCPU(cpu);
  if (!features)
    return std::nullopt;
  VectorTarget target = vectorTargetFromFeatures(
      [&](llvm::StringRef name) { return features->lookup(name); });
  target.cacheBytes = getL2CacheBytesForCPU(cpu);
  return target;
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
