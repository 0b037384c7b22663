#!/usr/bin/python3
"""Whole networks in int8, the three ways a quantized network arrives, on a
torchvision network with random weights (examples/networks/make_networks.py)
at a small size, calibrated on 8 inputs and run on a held-out 9th:

  ort   a Q/DQ model as ONNX Runtime's quantizer writes it (BatchNorm
        folded, int32 biases; examples/networks/make_qdq.py --form ort):
        qfold's result must equal, bit for bit, qdq_network_ref.py's integer
        evaluation of the model;
  qat   the same with BatchNormalization left between Conv and Q, as
        quantization-aware training exports it (--form qat): qfold folds
        the BatchNorms into the quantized weights' scales;
  ptq   the float model quantized by qfold-run --calibrate
        (--calibration-data, the 8 inputs) and --quantize.

For each: the compiled program is integer from the first quantize to the
last dequantize (no float qfold op, one quant.qcast, one quant.dcast after
qfold's fusion/quantization passes), and it runs. The SQNR against the
float network is printed; these random networks amplify every rounding
(make_qdq.py), so it is checked only against a floor that a wrong scale or
zero point would break.

  quantized_network_check.py BIN_DIR MAKE_NETWORKS MAKE_QDQ WORKDIR NET
      SIZE SQNR_FLOOR
"""

import os
import re
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True).stdout


def sqnr(got, want):
    noise = ((got - want) ** 2).sum()
    return float("inf") if noise == 0 else \
        10 * np.log10((want ** 2).sum() / noise)


def integer_only(text):
    """Float qfold ops and casts left in the quantized program."""
    floats = [line.strip().split(" ")[2] for line in text.splitlines()
              if re.search(r"= qfold\.\w+ .*xf32>", line)]
    qcasts = text.count("quant.qcast")
    dcasts = text.count("quant.dcast")
    return floats, qcasts, dcasts


def main():
    bin_dir, make_networks, make_qdq, work, net, size, floor = sys.argv[1:8]
    floor = float(floor)
    tool = lambda name: os.path.join(bin_dir, name)  # noqa: E731
    out = os.path.join(work, net)
    run(["/usr/bin/python3", make_networks, "--net", net, "--size", size,
         "--inputs", "9", "--out", out])
    calibration = [os.path.join(out, "input_%d.npy" % k) for k in range(8)]
    sample = os.path.join(out, "input_8.npy")
    float_out = np.load(os.path.join(out, "output_8.npy"))
    failed = 0

    def report(form, program, result, exact=None):
        nonlocal failed
        floats, qcasts, dcasts = integer_only(program)
        ok = not floats and qcasts == 1 and dcasts == 1
        s = sqnr(result, float_out)
        ok = ok and s >= floor and (exact is None or exact)
        failed += not ok
        print("%s %s %s: integer-only %s (float ops %s, %d qcast, %d dcast)%s"
              ", SQNR vs float %.1f dB (floor %.0f), top-1 %d (float %d)"
              % ("PASS" if ok else "FAIL", net, form,
                 "yes" if not floats and qcasts == 1 and dcasts == 1
                 else "no", floats or "none", qcasts, dcasts,
                 "" if exact is None else
                 ", bit-exact vs the integer reference %s"
                 % ("yes" if exact else "NO"), s, floor, result.argmax(),
                 float_out.argmax()))

    for form in ("ort", "qat"):
        qdq = os.path.join(out, form)
        run(["/usr/bin/python3", make_qdq, "--model",
             os.path.join(out, "model.onnx"), "--out", qdq, "--form", form,
             "--ort-reference", "off", "--calibration"] + calibration)
        model = os.path.join(qdq, "model.onnx")
        imported = run([tool("qfold-translate"), "--import-onnx", model])
        program = subprocess.run(
            [tool("qfold-opt"), "--qfold-fuse-qdq", "--qfold-fold"],
            input=imported, check=True, stdout=subprocess.PIPE,
            text=True).stdout
        result_path = os.path.join(qdq, "qfold_output.npy")
        run([tool("qfold-run"), model, "--input=" + sample,
             "--output=" + result_path, "--requant-mode=onnx"])
        result = np.load(result_path)
        exact = None
        if form == "ort":
            ref_path = os.path.join(qdq, "reference_output.npy")
            run(["/usr/bin/python3", os.path.join(HERE, "qdq_network_ref.py"),
                 model, sample, ref_path])
            exact = bool(np.array_equal(result, np.load(ref_path)))
        report(form, program, result, exact)

    model = os.path.join(out, "model.onnx")
    table = os.path.join(out, "calibration.json")
    run([tool("qfold-run"), model, "--calibrate=" + table] +
        ["--calibration-data=" + path for path in calibration])
    imported = run([tool("qfold-translate"), "--import-onnx", model])
    program = subprocess.run(
        [tool("qfold-opt"), "--qfold-fold",
         "--qfold-quantize=calibration=" + table, "--qfold-fold"],
        input=imported, check=True, stdout=subprocess.PIPE, text=True).stdout
    result_path = os.path.join(out, "ptq_output.npy")
    run([tool("qfold-run"), model, "--input=" + sample,
         "--output=" + result_path, "--quantize=" + table])
    report("ptq", program, np.load(result_path))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
