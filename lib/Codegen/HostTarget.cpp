//===- HostTarget.cpp - the vector ISA of this machine --------------------===//

#include "qfold/Codegen/HostTarget.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir::qfold;

VectorTarget mlir::qfold::detectHostVectorTarget() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  auto has = [&](llvm::StringRef name) { return features.lookup(name); };
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
