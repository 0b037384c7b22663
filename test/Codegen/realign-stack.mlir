// Every function with a body realigns its stack (LLVM's stackrealign), so
// vector spills get aligned slots wherever the caller's stack is.
// RUN: qfold-opt %s --qfold-realign-stack | FileCheck %s
// RUN: qfold-opt %s --qfold-realign-stack --convert-func-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVM
// The pipeline runs it last before the LLVM dialect.
// RUN: qfold-opt %s --qfold-to-llvm | FileCheck %s --check-prefix=PIPELINE
// PIPELINE: llvm.func @plain() attributes {passthrough = ["stackrealign"]}

// CHECK-LABEL: func.func @plain
// CHECK-SAME: attributes {passthrough = ["stackrealign"]}
// LLVM: define void @plain() #[[PLAIN:[0-9]+]]
func.func @plain() {
  return
}

// Other attributes stay, in their order, and the flag is not repeated.
// CHECK-LABEL: func.func private @outlined
// CHECK-SAME: attributes {passthrough = ["noinline", "stackrealign"]}
// LLVM: define void @outlined() #[[OUTLINED:[0-9]+]]
func.func private @outlined() attributes {passthrough = ["noinline"]} {
  return
}

// CHECK-LABEL: func.func @already
// CHECK-SAME: attributes {passthrough = ["stackrealign", "noinline"]}
func.func @already() attributes {passthrough = ["stackrealign", "noinline"]} {
  return
}

// A declaration has no frame of its own.
// CHECK-LABEL: func.func private @external(i64)
// CHECK-NOT: passthrough
func.func private @external(i64)

// LLVM: attributes #[[PLAIN]] = { "stackrealign" }
// LLVM: attributes #[[OUTLINED]] = { noinline "stackrealign" }
