#!/usr/bin/python3
"""compare_to_torch.py FOLDED.npy UNFOLDED.npy TORCH_F32.npy TORCH_F64.npy

PASS when, relative to max |float64 output|, the folded result is within
1e-5 of PyTorch's float32 eval output, folded and unfolded are within 1e-5
of each other, and the top-1 indices along the last axis agree."""

import sys

import numpy as np


def main():
    folded, unfolded, torch32, exact = (np.load(p) for p in sys.argv[1:5])
    scale = np.abs(exact).max()
    vs_torch = np.abs(folded - torch32).max() / scale
    vs_unfolded = np.abs(folded - unfolded).max() / scale
    ok = (vs_torch <= 1e-5 and vs_unfolded <= 1e-5 and
          (folded.argmax(-1) == torch32.argmax(-1)).all())
    print("%s: folded vs PyTorch %.2e, folded vs unfolded %.2e (of max "
          "|output| %.3g)" % ("PASS" if ok else "FAIL", vs_torch, vs_unfolded,
                              scale))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
