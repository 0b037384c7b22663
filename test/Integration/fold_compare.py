#!/usr/bin/env python3
"""Folded vs unfolded: random conv -> batch_norm -> relu/clamp blocks run
through qfold-run with and without the folding patterns on the same seeded
inputs. The error of a block is max|folded - unfolded| / max|unfolded| (the
largest difference relative to the output's magnitude, since elementwise
relative errors are meaningless next to zero); every block must stay within
1e-5.

  fold_compare.py QFOLD_RUN WORKDIR FIRST_SEED COUNT
"""

import math
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import cases  # noqa: E402
import qfold_ref as ref  # noqa: E402

TOLERANCE = 1e-5


def random_block(rng):
    """MLIR text of one random block and a description."""
    kind = rng.choice(["regular", "grouped", "depthwise", "multiplier"])
    if kind == "regular":
        c, groups = rng.randint(1, 6), 1
        o = rng.randint(1, 8)
    elif kind == "grouped":
        groups = rng.choice([2, 3])
        c, o = groups * rng.randint(1, 3), groups * rng.randint(1, 3)
    else:
        c = groups = rng.randint(1, 6)
        o = c * (1 if kind == "depthwise" else rng.randint(2, 3))
    kh, kw = rng.choice([1, 3, 5]), rng.choice([1, 3])
    sh, sw = rng.choice([1, 2]), rng.choice([1, 2])
    dh, dw = rng.choice([1, 2]), 1
    pads = [rng.randint(0, 2) for _ in range(4)]
    h = rng.randint(dh * (kh - 1) + 1, 11)
    w = rng.randint(dw * (kw - 1) + 1, 11)
    n = rng.choice([1, 2])
    bias = rng.random() < 0.7
    weights_as_args = rng.random() < 0.25

    wshape = [o, c // groups, kh, kw]
    wt = cases.rand_f32(rng, ref.numel(wshape))
    b = cases.rand_f32(rng, o)
    gamma = [ref.f32(rng.uniform(-2.0, 2.0)) for _ in range(o)]
    beta = cases.rand_f32(rng, o)
    mean = cases.rand_f32(rng, o, -0.5, 0.5)
    # Tiny variances next to ordinary ones.
    var = [ref.f32(10 ** rng.uniform(-6, 0.5)) for _ in range(o)]
    eps = ref.f32(rng.choice([1e-5, 1e-3, 0.0]))
    activation = rng.choice(["relu", "relu6", "clamp", None])

    oh = ref.conv_output_size(h, kh, sh, dh, pads[0], pads[2])
    ow = ref.conv_output_size(w, kw, sw, dw, pads[1], pads[3])
    xt = cases.ttype([n, c, h, w], "f32")
    wtt = cases.ttype(wshape, "f32")
    pt = cases.ttype([o], "f32")
    ot = cases.ttype([n, o, oh, ow], "f32")
    params = ["%x: " + xt]
    body = []
    if weights_as_args:
        params.append("%w: " + wtt)
    else:
        body.append("  %%w = arith.constant %s : %s"
                    % (cases.dense(wt, wshape, ref.f32_text), wtt))
    for name, values in (("b", b), ("g", gamma), ("beta", beta),
                         ("m", mean), ("v", var)):
        body.append("  %%%s = arith.constant %s : %s"
                    % (name, cases.dense(values, [o], ref.f32_text), pt))
    operands = "%x, %w" + (", %b" if bias else "")
    types = "(%s, %s%s)" % (xt, wtt, ", " + pt if bias else "")
    body.append("  %%0 = qfold.conv2d %s %s : %s -> %s" % (
        operands, cases.attrs_text((sh, sw), (dh, dw), pads, groups), types,
        ot))
    body.append("  %%1 = qfold.batch_norm %%0, %%g, %%beta, %%m, %%v "
                "{epsilon = %s : f32} : %s, %s" % (ref.f32_text(eps), ot, pt))
    result = "%1"
    if activation == "relu":
        body.append("  %%2 = qfold.relu %%1 : %s" % ot)
        result = "%2"
    elif activation:
        lo, hi = (0.0, 6.0) if activation == "relu6" else sorted(
            ref.f32(rng.uniform(-1, 1)) for _ in range(2))
        body.append("  %%2 = qfold.clamp %%1 {min = %s : f32, max = %s : f32}"
                    " : %s" % (ref.f32_text(lo), ref.f32_text(hi), ot))
        result = "%2"
    mlir = "func.func @main(%s) -> %s {\n%s\n  return %s : %s\n}\n" % (
        ", ".join(params), ot, "\n".join(body), result, ot)
    desc = ("%s n%d c%d o%d g%d k%dx%d s%dx%d d%dx%d pads%s%s%s %s eps=%g"
            % (kind, n, c, o, groups, kh, kw, sh, sw, dh, dw, pads,
               "" if bias else " no-bias",
               " weight-args" if weights_as_args else "", activation, eps))
    return mlir, desc


def run(qfold_run, mlir_path, out_path, seed, fold):
    cmd = [qfold_run, mlir_path, "--seed=%d" % seed, "--output=" + out_path]
    if not fold:
        cmd.append("--no-fold")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip())
    return ref.read_npy(out_path)[2]


def main():
    qfold_run, workdir = sys.argv[1], sys.argv[2]
    first, count = int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(workdir, exist_ok=True)
    worst, failures = 0.0, 0
    for seed in range(first, first + count):
        mlir, desc = random_block(random.Random(seed))
        path = os.path.join(workdir, "block%d.mlir" % seed)
        with open(path, "w") as f:
            f.write(mlir)
        try:
            folded = run(qfold_run, path, path + ".folded.npy", seed, True)
            unfolded = run(qfold_run, path, path + ".unfolded.npy", seed, False)
        except RuntimeError as error:
            print("FAIL seed %d (%s): %s" % (seed, desc, error))
            failures += 1
            continue
        scale = max(abs(v) for v in unfolded) or 1.0
        error = max(abs(a - b) for a, b in zip(folded, unfolded)) / scale
        worst = max(worst, error)
        ok = error <= TOLERANCE and not any(map(math.isnan, folded))
        failures += not ok
        print("%s seed %d: relative error %.2e (%s)"
              % ("PASS" if ok else "FAIL", seed, error, desc))
    print("%d blocks, %d failed, max relative error %.2e"
          % (count, failures, worst))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
