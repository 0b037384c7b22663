#!/usr/bin/python3
"""Whole networks end to end: a torchvision network with random weights and
realistic BatchNorm statistics (examples/networks/make_networks.py) is
exported to ONNX, imported, folded, compiled and run by qfold-run, folded and
unfolded, on held-out random inputs. Checks, relative to max |exact output|:

  - qfold (folded) vs PyTorch's float32 eval output:  <= 1e-4, same top-1;
  - folded and unfolded each vs the float64 output:   <= 5e-5 (f32 rounding
    through 20-50 layers; PyTorch's own f32 output is ~1e-5 off).

  network_check.py QFOLD_RUN MAKE_NETWORKS WORKDIR NET SIZE
"""

import os
import subprocess
import sys

import numpy as np

TORCH_LIMIT = 1e-4
EXACT_LIMIT = 5e-5


def run(qfold_run, model, inputs, output, fold):
    cmd = [qfold_run, model, "--input=" + inputs, "--output=" + output]
    if not fold:
        cmd.append("--no-fold")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return np.load(output)


def main():
    qfold_run, make_networks, work, net, size = sys.argv[1:6]
    out = os.path.join(work, net)
    subprocess.run(["/usr/bin/python3", make_networks, "--net", net, "--size",
                    size, "--inputs", "2", "--out", out], check=True,
                   stderr=subprocess.DEVNULL)
    model = os.path.join(out, "model.onnx")
    failed = 0
    for k in range(2):
        inputs = os.path.join(out, "input_%d.npy" % k)
        torch32 = np.load(os.path.join(out, "output_%d.npy" % k))
        exact = np.load(os.path.join(out, "output_%d_f64.npy" % k))
        scale = np.abs(exact).max()
        folded = run(qfold_run, model, inputs,
                     os.path.join(out, "folded_%d.npy" % k), True)
        unfolded = run(qfold_run, model, inputs,
                       os.path.join(out, "unfolded_%d.npy" % k), False)
        vs_torch = np.abs(folded - torch32).max() / scale
        folded_err = np.abs(folded - exact).max() / scale
        unfolded_err = np.abs(unfolded - exact).max() / scale
        ok = (vs_torch <= TORCH_LIMIT and folded_err <= EXACT_LIMIT and
              unfolded_err <= EXACT_LIMIT and
              folded.argmax() == torch32.argmax())
        failed += not ok
        print("%s %s input %d: vs PyTorch %.2e, vs exact: folded %.2e "
              "unfolded %.2e, folded vs unfolded %.2e, top-1 %d (PyTorch %d)"
              % ("PASS" if ok else "FAIL", net, k, vs_torch, folded_err,
                 unfolded_err, np.abs(folded - unfolded).max() / scale,
                 folded.argmax(), torch32.argmax()))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
