#!/usr/bin/env python3
"""compare_npy.py ACTUAL.npy EXPECTED.npy [--atol A] [--rtol R]

Passes when shapes and dtypes match and |actual - expected| <= atol +
rtol * |expected| everywhere (exact for the defaults); prints the largest
difference either way."""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import qfold_ref as ref  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--atol", type=float, default=0.0)
    parser.add_argument("--rtol", type=float, default=0.0)
    args = parser.parse_args()
    a_type, a_shape, a = ref.read_npy(args.actual)
    e_type, e_shape, e = ref.read_npy(args.expected)
    if (a_type, a_shape) != (e_type, e_shape):
        print("FAIL: %s %s vs %s %s" % (a_type, a_shape, e_type, e_shape))
        sys.exit(1)
    worst, bad = 0.0, 0
    for x, y in zip(a, e):
        worst = max(worst, abs(x - y))
        bad += abs(x - y) > args.atol + args.rtol * abs(y)
    print("%s: %d elements, %d outside tolerance, max abs diff %.3g"
          % ("PASS" if not bad else "FAIL", len(a), bad, worst))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
