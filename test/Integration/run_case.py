#!/usr/bin/env python3
"""Runs one integration case through qfold-run and compares its results with
the reference values of lib/cases.py.

  run_case.py QFOLD_RUN WORKDIR [--qfold-run-arg=ARG ...] CASE [CASE ...]

Prints one PASS/FAIL line per case (with the largest difference) and exits
non-zero when any case fails."""

import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import cases  # noqa: E402
import qfold_ref as ref  # noqa: E402


def run(qfold_run, workdir, name, case, fold, extra_args=()):
    mlir = os.path.join(workdir, name + ".mlir")
    with open(mlir, "w") as f:
        f.write(case.mlir)
    cmd = [qfold_run, mlir] + case.args + list(extra_args)
    if not fold:
        cmd.append("--no-fold")
    for i, t in enumerate(case.inputs):
        path = os.path.join(workdir, "%s.in%d.npy" % (name, i))
        ref.write_npy(path, t.dtype, t.shape, t.values)
        cmd.append("--input=" + path)
    outputs = []
    for i in range(len(case.expected)):
        path = os.path.join(workdir, "%s.%s.out%d.npy"
                            % (name, "folded" if fold else "unfolded", i))
        outputs.append(path)
        cmd.append("--output=" + path)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return None, "qfold-run failed: " + proc.stderr.strip()
    return [ref.read_npy(p) for p in outputs], ""


def compare(case, results):
    """Returns (ok, message) over all results."""
    worst = 0.0
    for i, (expected, (dtype, shape, values)) in enumerate(
            zip(case.expected, results)):
        if dtype != expected.dtype or shape != expected.shape:
            return False, "result %d is %s %s, expected %s %s" % (
                i, dtype, shape, expected.dtype, expected.shape)
        for j, (got, want) in enumerate(zip(values, expected.values)):
            diff = abs(got - want)
            worst = max(worst, diff)
            if diff > case.atol + case.rtol * abs(want):
                return False, ("result %d element %d: got %r, expected %r"
                               % (i, j, got, want))
    return True, "max abs diff %.3g" % worst


def main():
    qfold_run, workdir = sys.argv[1], sys.argv[2]
    prefix = "--qfold-run-arg="
    extra = [a[len(prefix):] for a in sys.argv[3:] if a.startswith(prefix)]
    names = [a for a in sys.argv[3:] if not a.startswith(prefix)]
    os.makedirs(workdir, exist_ok=True)
    failed = 0
    for name in names:
        case = cases.CASES[name](random.Random(name))
        for fold in [True, False] if case.also_unfolded else [True]:
            label = "%s (%s)" % (name, "folded" if fold else "unfolded")
            results, error = run(qfold_run, workdir, name, case, fold, extra)
            ok, message = (False, error) if results is None else compare(
                case, results)
            print("%s %s: %s" % ("PASS" if ok else "FAIL", label, message))
            failed += not ok
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
