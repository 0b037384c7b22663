#!/usr/bin/env python3
"""Folded vs unfolded: random conv -> batch_norm -> relu/clamp blocks run
through qfold-run with and without the folding patterns on the same seeded
inputs. The error of a block is max|folded - unfolded| / M, where M bounds
the magnitude of the BatchNorm's output before any activation (inputs are in
[-1, 1]: M = max over channels of |s| * (sum |w| + |b - mean|) + |beta|,
s = gamma / sqrt(var + eps)). That is the scale of f32 rounding in the
computation; the output after a clamp can be far smaller, and elementwise
relative errors are meaningless next to zero. Every block must stay within
2e-6.

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

TOLERANCE = 2e-6


def fake_quant_type(kind, weights, channels):
    """The quantized type of a fake quantization of `weights`: i8 per tensor
    with PyTorch's symmetric scale max|w| / 127.5 (so -128 occurs), or u8 per
    output channel, asymmetric over each channel's [min, max]."""
    if kind == "i8":
        scale = ref.f32(max(abs(v) for v in weights) / 127.5 or 1.0)
        return cases.qtype("i8", scale, 0)
    per_channel = len(weights) // channels
    scales, zps = [], []
    for o in range(channels):
        chunk = weights[o * per_channel:(o + 1) * per_channel]
        lo, hi = min(min(chunk), 0.0), max(max(chunk), 0.0)
        scale = ref.f32((hi - lo) / 255.0 or 1.0)
        scales.append(scale)
        zps.append(min(255, max(0, round(-lo / scale))))
    return cases.qtype_per_axis("u8", scales, zps)


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
    # Fake-quantized weights (quantization-aware training): the BatchNorm is
    # folded into the quantized weights' scales, or multiplies the
    # dequantized weights where that is not exact (run-time weights, i8's
    # -128 mirrored by a negative gamma).
    fake_quant = rng.choice([None, None, "i8", "u8-per-channel"])

    oh = ref.conv_output_size(h, kh, sh, dh, pads[0], pads[2])
    ow = ref.conv_output_size(w, kw, sw, dw, pads[1], pads[3])
    xt = cases.ttype([n, c, h, w], "f32")
    wtt = cases.ttype(wshape, "f32")
    pt = cases.ttype([o], "f32")
    ot = cases.ttype([n, o, oh, ow], "f32")
    params = ["%x: " + xt]
    body = []
    weights = "%wf" if fake_quant else "%w"
    if weights_as_args:
        params.append("%s: %s" % (weights, wtt))
    else:
        body.append("  %s = arith.constant %s : %s"
                    % (weights, cases.dense(wt, wshape, ref.f32_text), wtt))
    if fake_quant:
        qt = fake_quant_type(fake_quant, wt, o)
        body.append("  %%wq = quant.qcast %%wf : %s to %s"
                    % (wtt, cases.ttype(wshape, qt)))
        body.append("  %%w = quant.dcast %%wq : %s to %s"
                    % (cases.ttype(wshape, qt), wtt))
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
    desc = ("%s n%d c%d o%d g%d k%dx%d s%dx%d d%dx%d pads%s%s%s%s %s eps=%g"
            % (kind, n, c, o, groups, kh, kw, sh, sw, dh, dw, pads,
               "" if bias else " no-bias",
               " weight-args" if weights_as_args else "",
               " fake-quant=" + fake_quant if fake_quant else "",
               activation, eps))
    per_channel = len(wt) // o
    magnitude = max(
        abs(gamma[i]) / math.sqrt(var[i] + eps)
        * (sum(abs(v) for v in wt[i * per_channel:(i + 1) * per_channel])
           + abs((b[i] if bias else 0.0) - mean[i])) + abs(beta[i])
        for i in range(o))
    return mlir, desc, magnitude


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
        mlir, desc, magnitude = random_block(random.Random(seed))
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
        error = max(abs(a - b) for a, b in zip(folded, unfolded)) / magnitude
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
