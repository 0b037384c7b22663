#!/usr/bin/env python3
"""Fused integer execution vs unfused float-simulated execution of a Q/DQ
model: qfold-run with and without folding (which includes the Q/DQ fusion) on
the same inputs. Integer outputs must agree within one quantization step;
prints how many elements differ by one.

  qdq_compare.py QFOLD_RUN WORKDIR MODEL [--input=...]..."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import qfold_ref as ref  # noqa: E402


def main():
    qfold_run, workdir, model = sys.argv[1:4]
    extra = sys.argv[4:]
    os.makedirs(workdir, exist_ok=True)
    outputs = {}
    for mode in ("fused", "unfused"):
        path = os.path.join(workdir, mode + ".npy")
        cmd = [qfold_run, model, "--output=" + path] + extra
        if mode == "unfused":
            cmd.append("--no-fold")
        subprocess.run(cmd, check=True)
        outputs[mode] = ref.read_npy(path)
    (dtype, shape, fused), (_, _, unfused) = outputs["fused"], outputs["unfused"]
    diffs = [abs(a - b) for a, b in zip(fused, unfused)]
    by_one = sum(d == 1 for d in diffs)
    worse = sum(d > 1 for d in diffs)
    print("%s %s: %d elements, %d equal, %d off by one step, %d off by more"
          % (dtype, shape, len(diffs), len(diffs) - by_one - worse, by_one,
             worse))
    sys.exit(1 if worse else 0)


if __name__ == "__main__":
    main()
