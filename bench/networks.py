#!/usr/bin/python3
"""Whole networks, one thread, one run: qfold fp32 and int8 against ONNX
Runtime fp32 and int8 on the same input.

  bench/networks.py [--size 224] [--runs 20] [--nets resnet18 mobilenet_v2]
                    [--work build/networks] [--build build]

Each network is torchvision's architecture with random weights and realistic
BatchNorm statistics (examples/networks/make_networks.py; no weights can be
downloaded). int8 is post-training quantization calibrated on 8 inputs and
timed on a 9th: qfold's own (qfold-run --calibrate/--quantize: u8
activations, per-channel i8 weights, folded BatchNorm, integer from the first
quantize to the last dequantize) and ONNX Runtime's on the Q/DQ model that
examples/networks/make_qdq.py writes from the same calibration inputs (ONNX
Runtime fuses it into QLinearConv, QLinearAdd, ...). ONNX Runtime runs with
one intra-op thread and all graph optimizations (scripts/ort-run.js).

Prints, per network: median latency of each of the four, the ratios the
README quotes (qfold / ONNX Runtime as speed-up: ORT time / qfold time),
int8 vs fp32, qfold's compile times, and int8 agreement (SQNR against the
float output; these random networks amplify rounding, see make_qdq.py).
"""

import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3"


def run(cmd, **kwargs):
    result = subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)
    return result.stdout


def median_us(text, label):
    match = re.search(label + r": median ([0-9.]+) us", text)
    if not match:
        sys.exit("no '%s' timing in:\n%s" % (label, text))
    return float(match.group(1))


def prepare(net, size, work):
    """The float model with 9 inputs, and its Q/DQ model; made once."""
    out = os.path.join(work, "%s-%d" % (net, size))
    model = os.path.join(out, "model.onnx")
    if not os.path.exists(model):
        run([PYTHON, os.path.join(ROOT, "examples/networks/make_networks.py"),
             "--net", net, "--size", str(size), "--inputs", "9",
             "--out", out])
    qdq = os.path.join(out, "qdq")
    if not os.path.exists(os.path.join(qdq, "model.onnx")):
        run([PYTHON, os.path.join(ROOT, "examples/networks/make_qdq.py"),
             "--model", model, "--out", qdq, "--form", "ort",
             "--ort-reference", "off", "--calibration"] +
            [os.path.join(out, "input_%d.npy" % k) for k in range(8)])
    return out


def bench_net(net, size, runs, work, build, threads, single):
    """Prints the rows at `threads`; returns the four medians. `single`:
    the medians at one thread, for the speed-ups."""
    out = prepare(net, size, work)
    model = os.path.join(out, "model.onnx")
    sample = os.path.join(out, "input_8.npy")
    qfold_run = os.path.join(build, "bin", "qfold-run")
    ort_run = ["node", os.path.join(ROOT, "scripts/ort-run.js")]
    count = "--threads=%d" % threads

    fp32 = run([qfold_run, model, "--input=" + sample, "--bench=%d" % runs,
                count])
    calibration = os.path.join(out, "calibration.json")
    if not os.path.exists(calibration):
        run([qfold_run, model, "--calibrate=" + calibration] +
            ["--calibration-data=" + os.path.join(out, "input_%d.npy" % k)
             for k in range(8)])
    int8 = run([qfold_run, model, "--input=" + sample,
                "--quantize=" + calibration, "--bench=%d" % runs, count])
    ort32 = run(ort_run + [model, "--input", sample, "--bench", str(runs),
                           "--threads", str(threads)])
    ort8 = run(ort_run + [os.path.join(out, "qdq", "model.onnx"), "--input",
                          sample, "--bench", str(runs), "--threads",
                          str(threads)])

    q32 = median_us(fp32, "folded")
    q8 = median_us(int8, "quantized")
    o32 = float(re.search(r"median_us=([0-9.]+)", ort32).group(1))
    o8 = float(re.search(r"median_us=([0-9.]+)", ort8).group(1))
    compile32 = re.search(r"compile \(folded\): (\d+) ms", fp32).group(1)
    compile8 = re.search(r"compile \(folded, quantized\): (\d+) ms",
                         int8).group(1)
    sqnr = re.search(r"SQNR ([-0-9.inf]+) dB", int8).group(1)
    print("%-13s %4dx%-4d  %d thread%s" % (net, size, size, threads,
                                           "" if threads == 1 else "s"))
    print("%-13s %9s  qfold fp32 %8.0f us  ORT fp32 %8.0f us  "
          "speed-up %.2fx" % ("", "", q32, o32, o32 / q32))
    print("%-13s %9s  qfold int8 %8.0f us  ORT int8 %8.0f us  "
          "speed-up %.2fx" % ("", "", q8, o8, o8 / q8))
    print("%-13s %9s  int8 vs fp32: qfold %.2fx, ORT %.2fx; compile "
          "fp32 %s ms, int8 %s ms; qfold int8 SQNR vs float %s dB"
          % ("", "", q32 / q8, o32 / o8, compile32, compile8, sqnr))
    if single and threads != 1:
        print("%-13s %9s  over 1 thread: qfold fp32 %.2fx, int8 %.2fx; "
              "ORT fp32 %.2fx, int8 %.2fx"
              % ("", "", single[0] / q32, single[1] / q8, single[2] / o32,
                 single[3] / o8))
    sys.stdout.flush()
    return (q32, q8, o32, o8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--nets", nargs="+",
                        default=["resnet18", "mobilenet_v2"])
    parser.add_argument("--work", default=os.path.join(ROOT, "build",
                                                       "networks"))
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--threads", nargs="+", type=int,
                        default=sorted({1, os.cpu_count() or 1}))
    args = parser.parse_args()
    run([os.path.join(ROOT, "scripts/install-onnxruntime.sh")])
    with open("/proc/cpuinfo") as cpuinfo:
        flags = set(cpuinfo.read().split())
    print("host: %s, %d cores; median of %d runs each"
          % ("AVX-512 VNNI" if "avx512_vnni" in flags else
             "AVX2" if "avx2" in flags else "x86-64", os.cpu_count() or 1,
             args.runs))
    for net in args.nets:
        single = None
        for threads in args.threads:
            medians = bench_net(net, args.size, args.runs, args.work,
                                args.build, threads, single)
            if threads == 1:
                single = medians


if __name__ == "__main__":
    main()
