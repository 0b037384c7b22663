#!/usr/bin/python3
"""Quantize a float CNN (from make_networks.py) into a Q/DQ ONNX model, the
way quantization toolchains write them: qfold's input for integer code, and
(run in ONNX Runtime) its int8 peer.

  make_qdq.py --model DIR/model.onnx --calibration DIR_OR_NPY... --out OUT
              [--inputs DIR_OR_NPY...] [--form {ort,qat}]
              [--activations {u8,i8}] [--ort-reference {auto,on,off}]

Calibration runs the float graph, in float32, in a small evaluator of this
file's own (torch.nn.functional for Conv, BatchNormalization, Relu, Clip,
MaxPool, Add, GlobalAveragePool, Flatten, Gemm) on the calibration inputs
(.npy files, or directories whose input_*.npy are used) and records the
min/max of every tensor. The evaluator is checked against the output_K.npy
that sits next to any input_K.npy it is given.

Activations: asymmetric per tensor over [min(lo, 0), max(hi, 0)], u8 or i8,
scale = (hi - lo) / 255, zero point = qmin + round(-lo / scale) (ONNX
Runtime's MinMax calibration). A QuantizeLinear -> DequantizeLinear pair
follows the graph input, every Relu/Clip, GlobalAveragePool and the logits,
and every Conv/Gemm/Add (or, in the qat form, BatchNormalization) output
unless its only consumer is a Relu/Clip, which then carries the pair (the
fused activation), or, in the qat form, a Conv's only consumer is its
BatchNormalization. MaxPool and Flatten reuse their input's parameters
(they commute with quantization). The Relu/Clip nodes stay (ONNX
Runtime's quantizer drops them and gives the pair their range; it fuses
Relu/Clip -> Q itself). Weights: per-output-channel symmetric int8, scale =
max|w| / 127 (so -128 never occurs: negating a channel stays exact), INT8
initializers through DequantizeLinear(axis 0; axis 1 for a Gemm without
transB).

Two forms, because the two ways real models arrive differ in what the
compiler must do:
  ort  what ONNX Runtime's quantize_static writes: BatchNormalization is
       folded into the Conv first (in float64), the folded weights are
       quantized, and the bias is INT32 with scale input_scale *
       weight_scale[o] and zero point 0, through DequantizeLinear(axis 0);
       the Gemm likewise. ONNX Runtime fuses this into QLinearConv etc.
  qat  a quantization-aware-training export: the raw conv weights are
       fake-quantized per channel and BatchNormalization stays after the
       Conv (Conv -> BN -> Relu -> Q -> DQ), no conv bias. The compiler has
       to fold BN into the quantized weights' per-channel scales itself
       (about 1 channel in 16 has gamma < 0: a negative scale, or negated
       int8 values) and quantize the resulting bias. The Gemm keeps its
       float bias, as such exports do.

Outputs, in OUT (K = 0 .. number of --inputs - 1):
  model.onnx          the Q/DQ model (opset 13, onnx.checker-valid)
  input_K.npy         the evaluation inputs (--inputs; use held-out ones)
  output_K.npy        the float model's output (copied or evaluated)
  sim_output_K.npy    the Q/DQ model's output in this file's evaluator
  ort_output_K.npy    ONNX Runtime's output of the Q/DQ model (through
                      scripts/ort-run.js; --ort-reference auto skips it with
                      a warning when node or ONNX Runtime is missing)
The summary on stderr gives the Q/DQ pairs, the SQNR of each output against
the float model's, top-1 agreement, and how far ONNX Runtime's logits are
from the evaluator's, in steps of the logits' scale.

make_networks.py's random networks amplify small perturbations: noise at
40 dB SQNR on the input alone leaves about 24 dB (ResNet-18) and 9 dB
(MobileNetV2) at the logits, so their int8 SQNR against the float model is
low (about 15 and 3 dB) whatever the quantizer does, and two int8
implementations that round a few values differently can end many steps
apart at the logits. Calibrate on some inputs, evaluate on others:
  make_qdq.py --model N/model.onnx --calibration N/input_{0..7}.npy \
      --inputs N/input_{8..15}.npy --out Q --form ort
"""

import argparse
import collections
import glob
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ORT_RUN = os.path.join(REPO, "scripts", "ort-run.js")
ACTIVATIONS = ("Relu", "Clip")
QRANGE = {"u8": (0, 255, np.uint8), "i8": (-128, 127, np.int8)}


# --- Float32 evaluator (plus QuantizeLinear/DequantizeLinear) -------------

def attributes(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def pad_input(x, pads, value):
    """ONNX pads [b1, b2, .., e1, e2, ..]: returns x and the symmetric
    padding for torch, padding x itself when the pads are asymmetric."""
    n = len(pads) // 2
    begin, end = list(pads[:n]), list(pads[n:])
    if begin == end:
        return x, begin
    flat = []
    for b, e in zip(reversed(begin), reversed(end)):
        flat += [b, e]
    return F.pad(x, flat, value=value), [0] * n


def run_node(op, x, a):
    if op == "Conv" or op == "MaxPool":
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
            raise ValueError("%s: auto_pad is not supported" % op)
        n = x[0].dim() - 2
        pads = a.get("pads", [0] * 2 * n)
        strides, dilations = a.get("strides", [1] * n), a.get("dilations",
                                                               [1] * n)
        if op == "Conv":
            inp, padding = pad_input(x[0], pads, 0.0)
            bias = x[2] if len(x) > 2 else None
            return getattr(F, "conv%dd" % n)(inp, x[1], bias, strides,
                                              padding, dilations,
                                              a.get("group", 1))
        inp, padding = pad_input(x[0], pads, float("-inf"))
        return getattr(F, "max_pool%dd" % n)(
            inp, a["kernel_shape"], strides, padding, dilations,
            ceil_mode=bool(a.get("ceil_mode", 0)))
    if op == "BatchNormalization":
        return F.batch_norm(x[0], x[3], x[4], x[1], x[2], False, 0.0,
                            a.get("epsilon", 1e-5))
    if op == "Relu":
        return torch.relu(x[0])
    if op == "Clip":
        lo = x[1] if len(x) > 1 and x[1] is not None else a.get("min")
        hi = x[2] if len(x) > 2 and x[2] is not None else a.get("max")
        return torch.clamp(x[0], None if lo is None else float(lo),
                           None if hi is None else float(hi))
    if op == "Add":
        return x[0] + x[1]
    if op == "GlobalAveragePool":
        return x[0].mean(dim=tuple(range(2, x[0].dim())), keepdim=True)
    if op == "Flatten":
        axis = a.get("axis", 1) % max(x[0].dim(), 1)
        return x[0].reshape(int(np.prod(x[0].shape[:axis])), -1)
    if op == "Gemm":
        A = x[0].t() if a.get("transA", 0) else x[0]
        B = x[1].t() if a.get("transB", 0) else x[1]
        y = a.get("alpha", 1.0) * (A @ B)
        return y + a.get("beta", 1.0) * x[2] if len(x) > 2 else y
    if op == "QuantizeLinear":   # per tensor (activations only)
        qmin, qmax = (0, 255) if x[2].dtype == torch.uint8 else (-128, 127)
        q = torch.round(x[0] / x[1]) + x[2].to(torch.float32)
        return q.clamp(qmin, qmax).to(x[2].dtype)
    if op == "DequantizeLinear":
        shape = [1] * x[0].dim()
        if x[1].dim() == 1:
            shape[a.get("axis", 1)] = -1
        d = x[0].to(torch.int64) - x[2].to(torch.int64).reshape(shape)
        return d.to(torch.float32) * x[1].reshape(shape)
    raise ValueError("unsupported op %s" % op)


def evaluate(graph, x, record=None):
    """Runs graph on the single input x (float32 numpy array); calls
    record(name, tensor) for the input and every node output. Returns the
    first output as a numpy array."""
    env = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
           for t in graph.initializer}
    env[graph.input[0].name] = torch.from_numpy(x)
    if record:
        record(graph.input[0].name, env[graph.input[0].name])
    with torch.no_grad():
        for node in graph.node:
            a = attributes(node)
            if node.op_type == "Constant":
                y = torch.from_numpy(numpy_helper.to_array(a["value"]).copy())
            else:
                y = run_node(node.op_type,
                             [env[i] if i else None for i in node.input], a)
            env[node.output[0]] = y
            if record:
                record(node.output[0], y)
    return env[graph.output[0].name].numpy()


# --- Quantization parameters -----------------------------------------------

def activation_params(lo, hi, activations):
    qmin, qmax, dtype = QRANGE[activations]
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = np.float32((hi - lo) / (qmax - qmin))
    if scale == 0:
        return np.float32(1.0), dtype(0)
    zp = np.clip(qmin + np.round(-lo / np.float64(scale)), qmin, qmax)
    return scale, dtype(zp)


def quantize_weight(w, axis):
    """Per-channel symmetric int8 over axis: (int8 values, float32 scales)."""
    w = np.moveaxis(w, axis, 0)
    absmax = np.abs(w).reshape(w.shape[0], -1).max(axis=1)
    scale = np.where(absmax > 0, absmax / np.float32(127),
                     1).astype(np.float32)
    bshape = (-1,) + (1,) * (w.ndim - 1)
    q = np.clip(np.round(w / scale.reshape(bshape)), -127, 127)
    return np.moveaxis(q.astype(np.int8), 0, axis), scale


def fold_batch_norms(nodes, inits):
    """Folds each BatchNormalization that is the only consumer of a Conv
    with a constant weight into it (float64, then float32). The folded Conv
    writes the BatchNormalization's output tensor."""
    uses = collections.Counter(i for n in nodes for i in n.input)
    producer = {n.output[0]: n for n in nodes}
    bn_after = {}
    for n in nodes:
        conv = producer.get(n.input[0]) if n.input else None
        if (n.op_type == "BatchNormalization" and conv is not None and
                conv.op_type == "Conv" and uses[n.input[0]] == 1 and
                conv.input[1] in inits):
            bn_after[conv.output[0]] = n
    out = []
    for n in nodes:
        if n.op_type == "BatchNormalization" and n.input[0] in bn_after:
            continue
        bn = bn_after.get(n.output[0]) if n.op_type == "Conv" else None
        if bn is None:
            out.append(n)
            continue
        gamma, beta, mean, var = (inits[i].astype(np.float64)
                                  for i in bn.input[1:5])
        w = inits[n.input[1]].astype(np.float64)
        b = (inits[n.input[2]].astype(np.float64)
             if len(n.input) > 2 and n.input[2] else np.zeros(w.shape[0]))
        k = gamma / np.sqrt(var + attributes(bn).get("epsilon", 1e-5))
        wname, bname = n.input[1] + "_folded", n.input[1] + "_bias_folded"
        inits[wname] = (w * k.reshape(-1, *[1] * (w.ndim - 1))).astype(
            np.float32)
        inits[bname] = ((b - mean) * k + beta).astype(np.float32)
        folded = onnx.NodeProto()
        folded.CopyFrom(n)
        folded.input[:] = [n.input[0], wname, bname]
        folded.output[:] = [bn.output[0]]
        out.append(folded)
    return out


def build_qdq(model, ranges, form, activations):
    """Returns (Q/DQ model, number of activation Q/DQ pairs)."""
    graph = model.graph
    inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    nodes = list(graph.node)
    if form == "ort":
        nodes = fold_batch_norms(nodes, inits)
    consumers = collections.defaultdict(list)
    for n in nodes:
        for i in n.input:
            consumers[i].append(n)
    graph_outputs = {o.name for o in graph.output}
    new_inits = {}

    def init(name, array):
        new_inits[name] = numpy_helper.from_array(np.asarray(array), name)
        return name

    # Which tensors get a Q/DQ pair, and whose parameters (by tensor name).
    params = {}   # tensor -> (scale name, zero point name)
    scales = {}   # tensor -> float32 scale

    def own(t):
        s, zp = activation_params(*ranges[t], activations)
        params[t] = (init(t + "_scale", s), init(t + "_zero_point", zp))
        scales[t] = s

    own(graph.input[0].name)
    for n in nodes:
        t, users = n.output[0], consumers[n.output[0]]
        only = users[0].op_type if len(users) == 1 else None
        fused = t not in graph_outputs and (
            only in ACTIVATIONS or
            (form == "qat" and n.op_type == "Conv" and
             only == "BatchNormalization"))
        if n.op_type in ("Conv", "Gemm", "Add", "BatchNormalization"):
            if not fused:
                own(t)
        elif n.op_type in ACTIVATIONS + ("GlobalAveragePool",):
            own(t)
        elif n.op_type in ("MaxPool", "Flatten"):
            if n.input[0] in params:
                params[t], scales[t] = params[n.input[0]], scales[n.input[0]]
            else:
                own(t)
        elif n.op_type != "Constant":
            raise ValueError("unsupported op %s" % n.op_type)

    out_nodes, rename = [], {}

    def dq(src, scale, zp, name, axis=None):
        extra = {} if axis is None else {"axis": axis}
        out_nodes.append(helper.make_node(
            "DequantizeLinear", [src, scale, zp], [name],
            name=name, **extra))
        return name

    def qdq(t, src):
        """Q/DQ pair from src (which holds tensor t); returns its output."""
        s, zp = params[t]
        q = t + "_QuantizeLinear_Output"
        out_nodes.append(helper.make_node("QuantizeLinear", [src, s, zp], [q],
                                          name=t + "_QuantizeLinear"))
        return dq(q, s, zp, t if t in graph_outputs
                  else t + "_DequantizeLinear_Output")

    def quantized_weights(n, quantize_bias):
        """Inputs of Conv/Gemm n with weights (and, in the ort form, the
        bias) replaced by DequantizeLinear of integer initializers."""
        inputs = [rename.get(i, i) for i in n.input]
        axis = 0 if n.op_type == "Conv" or attributes(n).get("transB",
                                                             0) else 1
        w = n.input[1]
        wq, ws = quantize_weight(inits[w], axis)
        inputs[1] = dq(init(w + "_quantized", wq), init(w + "_scale", ws),
                       init(w + "_zero_point", np.zeros(len(ws), np.int8)),
                       w + "_DequantizeLinear_Output", axis=axis)
        if len(n.input) > 2 and n.input[2] and quantize_bias:
            a = attributes(n)
            if n.op_type == "Gemm" and (a.get("alpha", 1.0) != 1.0 or
                                        a.get("beta", 1.0) != 1.0):
                raise ValueError("%s: alpha/beta != 1" % n.name)
            b = n.input[2]
            if inits[b].shape != ws.shape:
                raise ValueError("%s: bias is not per output" % n.name)
            bs = (np.float32(scales[n.input[0]]) * ws).astype(np.float32)
            bq = np.clip(np.round(inits[b].astype(np.float64) / bs),
                         -2**31, 2**31 - 1).astype(np.int32)
            inputs[2] = dq(init(b + "_quantized", bq), init(b + "_scale", bs),
                           init(b + "_zero_point",
                                np.zeros(len(bs), np.int32)),
                           b + "_DequantizeLinear_Output", axis=0)
        return inputs

    x = graph.input[0].name
    rename[x] = qdq(x, x)
    for n in nodes:
        new = onnx.NodeProto()
        new.CopyFrom(n)
        if n.op_type in ("Conv", "Gemm") and n.input[1] in inits:
            if n.input[0] not in params:
                raise ValueError("%s: input not quantized" % n.name)
            new.input[:] = quantized_weights(n, form == "ort")
        else:
            new.input[:] = [rename.get(i, i) for i in n.input]
        t = n.output[0]
        if t in params and t in graph_outputs:
            new.output[0] = t + "_QuantizeLinear_Input"
        out_nodes.append(new)
        if t in params:
            rename[t] = qdq(t, new.output[0])

    used = {i for n in out_nodes for i in n.input}
    for name, array in inits.items():   # float initializers still used
        if name in used and name not in new_inits:
            init(name, array)
    qgraph = helper.make_graph(
        out_nodes, graph.name + "_qdq_" + form, graph.input, graph.output,
        initializer=[new_inits[k] for k in sorted(new_inits) if k in used])
    qmodel = helper.make_model(
        qgraph, producer_name="qfold make_qdq.py",
        opset_imports=[helper.make_opsetid("", 13)])
    qmodel.ir_version = model.ir_version
    onnx.checker.check_model(qmodel)
    return qmodel, sum(n.op_type == "QuantizeLinear" for n in out_nodes)


# --- Driver ----------------------------------------------------------------

def npy_files(specs):
    files = []
    for spec in specs:
        if os.path.isdir(spec):
            found = glob.glob(os.path.join(spec, "input_*.npy"))
            found = [f for f in found
                     if re.fullmatch(r"input_\d+\.npy", os.path.basename(f))]
            if not found:
                sys.exit("make_qdq: no input_*.npy in %s" % spec)
            files += sorted(found, key=lambda f: int(
                re.search(r"(\d+)\.npy$", f).group(1)))
        else:
            files.append(spec)
    return files


def float_reference(graph, path, record=None):
    """Evaluates the float graph on the input in path; checks it against the
    output_K.npy next to an input_K.npy (and returns that one). Returns
    (input, output, whether it was checked)."""
    x = np.load(path).astype(np.float32)
    y = evaluate(graph, x, record)
    known = re.sub(r"input_(\d+)\.npy$", r"output_\1.npy", path)
    if known != path and os.path.exists(known):
        ref = np.load(known)
        error = np.abs(y - ref).max() / max(np.abs(ref).max(), 1e-30)
        if y.shape != ref.shape or not error < 2e-5:
            sys.exit("make_qdq: the evaluator disagrees with %s (relative "
                     "error %.3g): unsupported graph?" % (known, error))
        return x, ref, True
    return x, y, False


def sqnr_db(y, ref):
    noise = np.sum((y.astype(np.float64) - ref) ** 2)
    return 10 * np.log10(np.sum(ref.astype(np.float64) ** 2) /
                         max(noise, 1e-300))


def run_ort(model_path, inputs, outputs):
    for i, o in zip(inputs, outputs):
        subprocess.run(["node", ORT_RUN, model_path, "--input", i,
                        "--output", o], check=True)


def ort_available():
    ort_dir = os.environ.get("QFOLD_ORT_DIR",
                             os.path.join(REPO, "build", "onnxruntime"))
    return shutil.which("node") is not None and os.path.isdir(
        os.path.join(ort_dir, "node_modules", "onnxruntime-node"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="float ONNX model")
    parser.add_argument("--calibration", nargs="+", required=True,
                        help=".npy inputs, or directories of input_*.npy")
    parser.add_argument("--inputs", nargs="*", default=[],
                        help="evaluation inputs (held out from calibration)")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--form", choices=("ort", "qat"), default="ort")
    parser.add_argument("--activations", choices=sorted(QRANGE),
                        default="u8")
    parser.add_argument("--ort-reference", choices=("auto", "on", "off"),
                        default="auto",
                        help="write ort_output_K.npy (auto: if available)")
    args = parser.parse_args()

    model = onnx.load(args.model)
    opset = max((o.version for o in model.opset_import
                 if o.domain in ("", "ai.onnx")), default=0)
    if opset != 13 or len(model.graph.input) != 1:
        sys.exit("make_qdq: wants opset 13 with a single graph input")
    graph = model.graph
    ranges = {}

    def record(name, t):
        lo, hi = float(t.min()), float(t.max())
        old = ranges.get(name, (lo, hi))
        ranges[name] = (min(old[0], lo), max(old[1], hi))

    calibration = npy_files(args.calibration)
    checked = sum(float_reference(graph, path, record)[2]
                  for path in calibration)
    qmodel, pairs = build_qdq(model, ranges, args.form, args.activations)
    os.makedirs(args.out, exist_ok=True)
    model_path = os.path.join(args.out, "model.onnx")
    onnx.save(qmodel, model_path)
    ops = collections.Counter(n.op_type for n in qmodel.graph.node)
    print("make_qdq: %s form, %s activations, %d calibration inputs: %d "
          "activation Q/DQ pairs, %d weight/bias DequantizeLinear; ops: %s"
          % (args.form, args.activations, len(calibration), pairs,
             ops["DequantizeLinear"] - pairs,
             ", ".join("%s %d" % kv for kv in sorted(ops.items()))),
          file=sys.stderr)

    inputs = npy_files(args.inputs) if args.inputs else []
    overlap = set(map(os.path.realpath, inputs)) & set(
        map(os.path.realpath, calibration))
    if overlap:
        print("make_qdq: warning: %d evaluation inputs are calibration "
              "inputs" % len(overlap), file=sys.stderr)
    names, refs, sims = [], [], []
    for k, path in enumerate(inputs):
        x, y, known = float_reference(graph, path)
        checked += known
        name = os.path.join(args.out, "%%s_%d.npy" % k)
        np.save(name % "input", x)
        np.save(name % "output", y)
        sim = evaluate(qmodel.graph, x)
        np.save(name % "sim_output", sim)
        names.append(name)
        refs.append(y)
        sims.append(sim)
    orts = None
    if inputs and args.ort_reference != "off":
        if ort_available():
            run_ort(model_path, [n % "input" for n in names],
                    [n % "ort_output" for n in names])
            orts = [np.load(n % "ort_output") for n in names]
        elif args.ort_reference == "on":
            sys.exit("make_qdq: node or ONNX Runtime is not available")
        else:
            print("make_qdq: warning: node or ONNX Runtime not available; "
                  "no ort_output_K.npy", file=sys.stderr)

    print("make_qdq: the float evaluator matched %d output_K.npy" % checked,
          file=sys.stderr)
    out_scale = float(next(  # the logits' quantization step
        numpy_helper.to_array(t) for t in qmodel.graph.initializer
        if t.name == graph.output[0].name + "_scale"))
    agree = collections.Counter()
    for k, (y, sim) in enumerate(zip(refs, sims)):
        line = "input %d: float top-1 %d; sim SQNR %.1f dB top-1 %d" % (
            k, y.argmax(), sqnr_db(sim, y), sim.argmax())
        agree["sim"] += int(sim.argmax() == y.argmax())
        if orts is not None:
            o = orts[k]
            line += ("; ort SQNR %.1f dB top-1 %d, |ort - sim| <= %.0f steps"
                     % (sqnr_db(o, y), o.argmax(),
                        np.abs(o - sim).max() / out_scale))
            agree["ort"] += int(o.argmax() == y.argmax())
        print(line, file=sys.stderr)
    if inputs:
        summary = "sim: mean SQNR %.1f dB, top-1 %d/%d" % (
            np.mean([sqnr_db(s, y) for s, y in zip(sims, refs)]),
            agree["sim"], len(inputs))
        if orts is not None:
            summary += "; ort: mean SQNR %.1f dB, top-1 %d/%d" % (
                np.mean([sqnr_db(o, y) for o, y in zip(orts, refs)]),
                agree["ort"], len(inputs))
        print(summary, file=sys.stderr)


if __name__ == "__main__":
    main()
