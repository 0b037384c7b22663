#!/usr/bin/env python3
"""Static throughput of qfold's inner loops for CPUs this host may not be.

For each layer IR that `qfold-bench --emit-ir=DIR` wrote (W*-fp32/int8.mlir)
and each CPU, compiles the layer for that CPU (qfold-opt --qfold-to-llvm with
target-cpu, mlir-translate, llc -O3 -mcpu), finds its innermost loop with the
most multiply-add work, and runs llvm-mca on that loop: cycles per iteration
and multiply-accumulates per cycle, against the CPU's peak for the kernel's
instruction. Real timings win where available; this judges a change for a
host it cannot be measured on.

  mca-kernels.py QFOLD_OPT IR_DIR [CPU ...]   (default: znver5 znver4
                                               icelake-server znver3)
"""

import os
import re
import subprocess
import sys
import tempfile

LLVM_BIN = "/usr/lib/llvm-22/bin"
# Multiply-accumulates per instruction, by mnemonic and register width.
MACS = {"vpdpbusd": 4, "vpdpwssd": 2, "vpmaddwd": 2, "vfmadd231ps": 1,
        "vfmadd213ps": 1, "vfmadd132ps": 1}
LANES = {"zmm": 16, "ymm": 8, "xmm": 4}


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                          check=True).stdout


def loop_macs(lines):
    macs = 0
    for line in lines:
        words = line.split()
        if not words or words[0] not in MACS:
            continue
        reg = re.search(r"%(zmm|ymm|xmm)", line)
        macs += MACS[words[0]] * LANES[reg.group(1) if reg else "xmm"]
    return macs


def loops(asm):
    """(label, body lines) of each loop in llc's output: from a label to the
    last branch back to it, child loops included (as llvm-mca sees them,
    straight-line)."""
    lines = asm.splitlines()
    result = []
    for i, line in enumerate(lines):
        match = re.match(r"^(\.LBB\w+):", line)
        if not match:
            continue
        label = match.group(1)
        back = [j for j in range(i + 1, len(lines))
                if re.search(r"\bj\w+\s+" + re.escape(label) + r"\b",
                             lines[j])]
        if back:
            body = [l for l in lines[i + 1:back[-1] + 1]
                    if l.strip() and not l.lstrip().startswith((".", "#"))]
            result.append((label, body))
    return result


def hot_loop(asm):
    """The smallest loop holding at least 90% of the multiply-adds of the
    loop with the most: the reduction loop of the convolution."""
    found = [(label, body, loop_macs(body)) for label, body in loops(asm)]
    found = [l for l in found if l[2] > 0]
    if not found:
        return None
    most = max(l[2] for l in found)
    return min((l for l in found if l[2] >= 0.9 * most),
               key=lambda l: len(l[1]))


def analyze(qfold_opt, mlir, cpu, workdir):
    llvm_dialect = run([qfold_opt, mlir, "--qfold-to-llvm=target-cpu=%s "
                        "nhwc-boundary=true" % cpu])
    ll = run([os.path.join(LLVM_BIN, "mlir-translate"), "--mlir-to-llvmir"],
             llvm_dialect)
    path = os.path.join(workdir, "layer.ll")
    with open(path, "w") as f:
        f.write(ll)
    asm = run([os.path.join(LLVM_BIN, "llc"), "-O3", "-mcpu=" + cpu, path,
               "-o", "-"])
    loop = hot_loop(asm)
    if loop is None:
        return None
    label, body, macs = loop
    report = run([os.path.join(LLVM_BIN, "llvm-mca"), "-mcpu=" + cpu,
                  "-iterations=200"], "\n".join(body) + "\n")
    cycles = float(re.search(r"Block RThroughput:\s*([0-9.]+)",
                             report).group(1))
    kinds = sorted({l.split()[0] for l in body if l.split()[0] in MACS})
    return macs, cycles, ", ".join(kinds), len(body)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        sys.exit(2)
    qfold_opt, ir_dir = sys.argv[1:3]
    cpus = sys.argv[3:] or ["znver5", "znver4", "icelake-server", "znver3"]
    layers = sorted(f for f in os.listdir(ir_dir)
                    if re.match(r"W\d-(fp32|int8)\.mlir$", f))
    print("| Layer | CPU | hot loop: instructions | multiply-adds | "
          "cycles/iteration (llvm-mca) | MACs/cycle |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as workdir:
        for layer in layers:
            for cpu in cpus:
                result = analyze(qfold_opt, os.path.join(ir_dir, layer), cpu,
                                 workdir)
                name = layer[:-len(".mlir")]
                if result is None:
                    print("| %s | %s | no multiply-add loop | | | |"
                          % (name, cpu))
                    continue
                macs, cycles, kinds, count = result
                print("| %s | %s | %d (%s) | %d | %.1f | %.0f |"
                      % (name, cpu, count, kinds, macs, cycles,
                         macs / cycles))


if __name__ == "__main__":
    main()
