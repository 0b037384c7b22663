#!/usr/bin/python3
"""Integer reference of a whole Q/DQ network: evaluates a model written by
examples/networks/make_qdq.py --form ort with exactly the integer semantics
that qfold gives it after fusing every DequantizeLinear -> op ->
QuantizeLinear (qfold-run --requant-mode=onnx), so that qfold's output can be
compared bit for bit.

  qdq_network_ref.py MODEL.onnx INPUT.npy OUTPUT.npy [--dump=DIR]

--dump writes the stored integers of every quantized tensor to DIR (one .npy
per QuantizeLinear output, named after it, plus an index.txt in graph order),
to find the first layer where two implementations part.

Semantics (see QFoldOps.td, lib/Support/Requantize.cpp, RequantizeEmitter.cpp,
lib/Support/QuantizedClamp.cpp and test/Integration/lib/qfold_ref.py):
  graph input   QuantizeLinear in f32: clamp(rne(x / scale) + zp, qmin, qmax)
  Conv / Gemm   acc[o] = bias_i32[o] + sum (x - x_zp) * (w - w_zp[o]) (exact;
                the input padded with x_zp), M[o] = f32(f32(x_scale *
                w_scale[o]) / y_scale),
                out = rne(clamp(f32(acc) * M[o], lo - zp, hi - zp)) + zp
  Add           f32 DequantizeLinear of both operands, f32 add, then the f32
                QuantizeLinear above, clamped to [lo, hi]
  MaxPool       maximum of the stored integers (same parameters in and out)
  GlobalAveragePool
                sum (x - x_zp) exact, M = f32(x_scale / (count * y_scale))
                computed in double, then as the conv's requantization
  Flatten       a reshape of the stored integers (same parameters)
  Relu / Clip   between an op and its QuantizeLinear: narrows [lo, hi] from
                the storage range to [q(min), q(max)] with qfold's rounding
                rule in double, q(r) = clamp(zp + rne(r / scale), qmin, qmax)
  graph output  DequantizeLinear in f32: f32(q - zp) * scale
where rne rounds half to even. The integer convolutions run in float64 with
torch (every partial sum is an integer far below 2^53, so exact), the f32
steps in numpy float32 (IEEE, one rounding per operation). Any node outside
these patterns is an error.
"""

import argparse
import math
import os
import re
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

F32 = np.float32
STORAGE = {np.dtype(np.uint8): (0, 255), np.dtype(np.int8): (-128, 127)}


class PatternError(Exception):
    pass


def fail(message):
    raise PatternError(message)


class QTensor:
    """Stored integers (int64 array) with per-tensor quantization."""

    def __init__(self, values, scale, zp, dtype):
        self.values = values
        self.scale = F32(scale)
        self.zp = int(zp)
        self.dtype = np.dtype(dtype)
        self.qmin, self.qmax = STORAGE[self.dtype]

    def same_params(self, scale, zp, dtype):
        return (self.scale == F32(scale) and self.zp == int(zp) and
                self.dtype == np.dtype(dtype))


class ConstQ:
    """A DequantizeLinear of an integer initializer (weights or bias)."""

    def __init__(self, values, dtype, scale, zp, axis):
        self.values, self.dtype = values, np.dtype(dtype)
        self.scale, self.zp, self.axis = scale, zp, axis


class Pending:
    """A float tensor computed from quantized operands, not yet quantized:
    the op, its operands, and the real clamp range of a following
    Relu/Clip."""

    def __init__(self, op, node, args):
        self.op, self.node, self.args = op, node, args
        self.lo, self.hi = -math.inf, math.inf


# --- arithmetic --------------------------------------------------------------

def rne(v):
    return np.rint(v)   # round half to even, in the dtype of v


def quantize_f32(x, scale, zp, lo, hi):
    """QuantizeLinear as qfold lowers it: every step in f32."""
    q = rne(x.astype(F32) / F32(scale))
    q = q + F32(zp)
    q = np.minimum(np.maximum(q, F32(lo)), F32(hi))
    return q.astype(np.int64)


def dequantize_f32(q, scale, zp):
    return (q - zp).astype(F32) * F32(scale)


def quantize_bound(real, scale, zp, qmin, qmax):
    """qfold's quantizeSaturating (double precision)."""
    if real == math.inf:
        return qmax
    if real == -math.inf:
        return qmin
    q = float(zp) + float(round(float(real) / float(scale)))  # half even
    return int(min(max(q, qmin), qmax))


def requant_onnx(acc, multiplier, zp, lo, hi):
    """rne(clamp(f32(acc) * M, lo - zp, hi - zp)) + zp, in f32."""
    if np.abs(acc).max(initial=0) > 2**31 - 1:
        fail("accumulator out of the int32 range")
    v = acc.astype(F32) * multiplier.astype(F32)
    v = np.minimum(np.maximum(v, F32(lo - zp)), F32(hi - zp))
    return rne(v).astype(np.int64) + zp


def exact_int(t):
    a = t.numpy()
    r = np.rint(a)
    if not np.array_equal(a, r) or np.abs(a).max(initial=0) >= 2**53:
        fail("float64 accumulation was not exact")
    return r.astype(np.int64)


def grouped_conv(xc, wc, strides, dilations, groups):
    """The exact integer convolution of the centred, padded input xc with
    the centred weights wc (float64 tensors holding integers). torch's
    float64 grouped convolution is slow and erratic, so a depthwise one
    (C/groups == 1) is the sum of its KH * KW shifted products, in int64."""
    n, c, h, w = xc.shape
    o, cg, kh, kw = wc.shape
    if c % groups or o % groups or cg != c // groups:
        fail("Conv: channels do not match the groups")
    if groups == 1 or cg != 1:
        return exact_int(F.conv2d(xc, wc, None, strides, 0, dilations,
                                  groups))
    (sh, sw), (dh, dw) = strides, dilations
    oh = (h - dh * (kh - 1) - 1) // sh + 1
    ow = (w - dw * (kw - 1) - 1) // sw + 1
    if oh <= 0 or ow <= 0:
        fail("Conv: empty output")
    # Output channel j reads input channel j // (O / groups).
    x = xc.numpy().astype(np.int64)[:, np.arange(o) // (o // groups)]
    wi = wc.numpy().astype(np.int64)
    acc = np.zeros((n, o, oh, ow), np.int64)
    for ky in range(kh):
        for kx in range(kw):
            window = x[:, :, ky * dh:ky * dh + sh * (oh - 1) + 1:sh,
                       kx * dw:kx * dw + sw * (ow - 1) + 1:sw]
            acc += window * wi[:, 0, ky, kx].reshape(1, -1, 1, 1)
    return acc


# --- graph helpers -------------------------------------------------------------

def attributes(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def check_attrs(node, allowed):
    extra = set(attributes(node)) - set(allowed)
    if extra:
        fail("%s %s: unsupported attributes %s" % (node.op_type, node.name,
                                                   sorted(extra)))


def scalar(a, what):
    a = np.asarray(a)
    if a.size != 1:
        fail("%s is not a scalar" % what)
    return a.reshape(())


def torch_pads(pads, n=2):
    """ONNX pads [b1, b2, e1, e2] as F.pad's list (last dim first)."""
    begin, end = list(pads[:n]), list(pads[n:])
    flat = []
    for b, e in zip(reversed(begin), reversed(end)):
        flat += [b, e]
    return flat


class Evaluator:
    def __init__(self, model):
        self.graph = model.graph
        if len(self.graph.input) != 1 or len(self.graph.output) != 1:
            fail("wants a single graph input and output")
        self.inits = {t.name: numpy_helper.to_array(t)
                      for t in self.graph.initializer}
        self.uses = {}
        for n in self.graph.node:
            for i in n.input:
                if i:
                    self.uses[i] = self.uses.get(i, 0) + 1
        for o in self.graph.output:
            self.uses[o.name] = self.uses.get(o.name, 0) + 1

    def const(self, name):
        if name in self.consts:
            return self.consts[name]
        if name in self.inits:
            return self.inits[name]
        fail("%s is not a constant" % name)

    def quant_params(self, node):
        if len(node.input) != 3 or not node.input[2]:
            fail("%s %s: wants an explicit zero point" % (node.op_type,
                                                          node.name))
        scale = np.asarray(self.const(node.input[1]))
        zp = np.asarray(self.const(node.input[2]))
        return scale, zp

    def activation(self, name, user):
        """The quantized tensor a DequantizeLinear output `name` denotes."""
        if name not in self.deq:
            fail("%s: input %s is not a DequantizeLinear of an activation"
                 % (user.op_type, name))
        return self.deq[name]

    def weight(self, name, user):
        if name not in self.cq:
            fail("%s %s: %s is not a DequantizeLinear of an integer "
                 "initializer" % (user.op_type, user.name, name))
        return self.cq[name]

    def run(self, x, dump=None):
        self.consts, self.q, self.deq, self.cq, self.pending = {}, {}, {}, {}, {}
        self.float = {self.graph.input[0].name: np.asarray(x, F32)}
        self.dumped = []
        output = None
        for node in self.graph.node:
            out = node.output[0]
            op = node.op_type
            if len(node.output) != 1:
                fail("%s %s: wants one output" % (op, node.name))
            if node.domain not in ("", "ai.onnx"):
                fail("unsupported op %s.%s (%s)" % (node.domain, op,
                                                    node.name))
            if op == "Constant":
                self.consts[out] = numpy_helper.to_array(
                    attributes(node)["value"])
            elif op == "QuantizeLinear":
                self.quantize_node(node, dump)
            elif op == "DequantizeLinear":
                value = self.dequantize_node(node)
                if value is not None:
                    output = value
            elif op in ("Conv", "Gemm"):
                self.claim_inputs(node)
                self.pending[out] = Pending(op, node, None)
            elif op == "Add":
                a = self.activation(node.input[0], node)
                b = self.activation(node.input[1], node)
                check_attrs(node, ())
                self.pending[out] = Pending(op, node, (a, b))
            elif op in ("MaxPool", "GlobalAveragePool", "Flatten"):
                if len(node.input) != 1:
                    fail("%s %s: wants one input" % (op, node.name))
                self.pending[out] = Pending(
                    op, node, (self.activation(node.input[0], node),))
            elif op in ("Relu", "Clip"):
                self.activation_node(node)
            else:
                fail("unsupported op %s (%s)" % (op, node.name))
        if self.pending:
            fail("float results never quantized: %s" % sorted(self.pending))
        if output is None:
            fail("the graph output is not a DequantizeLinear")
        return output

    # --- nodes -------------------------------------------------------------------

    def claim_inputs(self, node):
        self.activation(node.input[0], node)
        self.weight(node.input[1], node)
        if len(node.input) > 2 and node.input[2]:
            self.weight(node.input[2], node)

    def quantize_node(self, node, dump):
        check_attrs(node, ("axis",))   # ignored with a scalar scale
        scale, zp = self.quant_params(node)
        scale, zp = scalar(scale, "QuantizeLinear scale"), scalar(
            zp, "QuantizeLinear zero point")
        if zp.dtype not in STORAGE:
            fail("QuantizeLinear %s: storage %s" % (node.name, zp.dtype))
        if not (scale > 0 and np.isfinite(scale)):
            fail("QuantizeLinear %s: scale %r" % (node.name, scale))
        src = node.input[0]
        if src in self.float:
            if src != self.graph.input[0].name:
                fail("QuantizeLinear of a float tensor %s" % src)
            lo, hi = STORAGE[zp.dtype]
            values = quantize_f32(self.float[src], scale, int(zp), lo, hi)
        elif src in self.pending:
            if self.uses.get(src, 0) != 1:
                fail("%s has several users" % src)
            values = self.evaluate(self.pending.pop(src), scale, int(zp),
                                   zp.dtype)
        else:
            fail("QuantizeLinear %s: unsupported input %s" % (node.name, src))
        self.q[node.output[0]] = QTensor(values, scale, int(zp), zp.dtype)
        if dump:
            name = re.sub(r"[^A-Za-z0-9_.-]", "_", node.output[0]).strip("_")
            np.save(os.path.join(dump, name + ".npy"), values.astype(
                zp.dtype))
            self.dumped.append(name)

    def dequantize_node(self, node):
        a = attributes(node)
        check_attrs(node, ("axis",))
        src, out = node.input[0], node.output[0]
        scale, zp = self.quant_params(node)
        if src in self.q:
            t = self.q[src]
            scale = scalar(scale, "DequantizeLinear scale")
            zp = scalar(zp, "DequantizeLinear zero point")
            if not t.same_params(scale, zp, zp.dtype):
                fail("DequantizeLinear %s: parameters differ from its "
                     "QuantizeLinear's" % node.name)
            if out == self.graph.output[0].name:
                return dequantize_f32(t.values, t.scale, t.zp)
            self.deq[out] = t
            return None
        if src in self.inits:
            values = self.inits[src]
            if values.dtype not in (np.int8, np.int32):
                fail("DequantizeLinear %s: initializer of type %s"
                     % (node.name, values.dtype))
            if zp.dtype != values.dtype:
                fail("DequantizeLinear %s: zero point type" % node.name)
            axis = a.get("axis", 1) % max(values.ndim, 1)
            if scale.ndim not in (0, 1) or scale.shape != zp.shape or (
                    scale.ndim == 1 and scale.shape[0] != values.shape[axis]):
                fail("DequantizeLinear %s: scale/zero point shapes"
                     % node.name)
            if scale.dtype != F32:
                fail("DequantizeLinear %s: scale type" % node.name)
            self.cq[out] = ConstQ(values.astype(np.int64), values.dtype,
                                  scale.astype(F32),
                                  zp.astype(np.int64), axis)
            return None
        fail("DequantizeLinear %s: unsupported input %s" % (node.name, src))

    def activation_node(self, node):
        src = node.input[0]
        if src not in self.pending or self.uses.get(src, 0) != 1 or \
                self.pending[src].op not in ("Conv", "Gemm", "Add",
                                             "GlobalAveragePool"):
            fail("%s %s: not between an op and its QuantizeLinear"
                 % (node.op_type, node.name))
        p = self.pending.pop(src)
        if node.op_type == "Relu":
            check_attrs(node, ())
            lo, hi = 0.0, math.inf
        else:
            a = attributes(node)
            check_attrs(node, ("min", "max"))
            lo, hi = a.get("min", -math.inf), a.get("max", math.inf)
            if len(node.input) > 1 and node.input[1]:
                lo = float(scalar(self.const(node.input[1]), "Clip min"))
            if len(node.input) > 2 and node.input[2]:
                hi = float(scalar(self.const(node.input[2]), "Clip max"))
        # The composition of two clamps (QuantizedClamp.h).
        p.lo, p.hi = (min(max(p.lo, lo), hi), min(max(p.hi, lo), hi))
        self.pending[node.output[0]] = p

    # --- quantized ops -----------------------------------------------------------

    def evaluate(self, p, scale, zp, dtype):
        qmin, qmax = STORAGE[np.dtype(dtype)]
        lo = quantize_bound(p.lo, scale, zp, qmin, qmax)
        hi = quantize_bound(p.hi, scale, zp, qmin, qmax)
        node = p.node
        if p.op in ("Conv", "Gemm"):
            x = self.activation(node.input[0], node)
            acc, w_scale = (self.conv_acc if p.op == "Conv"
                            else self.gemm_acc)(node, x)
            m = (x.scale * w_scale) / F32(scale)   # f32 product, f32 divide
            shape = (1, -1) + (1,) * (acc.ndim - 2)
            return requant_onnx(acc, m.reshape(shape), zp, lo, hi)
        if p.op == "Add":
            a, b = p.args
            s = dequantize_f32(a.values, a.scale, a.zp) + dequantize_f32(
                b.values, b.scale, b.zp)
            return quantize_f32(s, scale, zp, lo, hi)
        x, = p.args
        if p.op == "GlobalAveragePool":
            check_attrs(node, ())
            if x.values.ndim != 4:
                fail("GlobalAveragePool: wants NCHW")
            count = x.values.shape[2] * x.values.shape[3]
            total = (x.values - x.zp).sum(axis=(2, 3), keepdims=True)
            m = F32(float(x.scale) / (float(count) * float(scale)))
            return requant_onnx(total, np.asarray(m), zp, lo, hi)
        # MaxPool and Flatten commute with quantization: same parameters.
        if not x.same_params(scale, zp, dtype):
            fail("%s %s: QuantizeLinear parameters differ from the input's"
                 % (p.op, node.name))
        if p.op == "Flatten":
            check_attrs(node, ("axis",))
            axis = attributes(node).get("axis", 1) % max(x.values.ndim, 1)
            return x.values.reshape(int(np.prod(x.values.shape[:axis])), -1)
        return self.max_pool(node, x)

    def conv_acc(self, node, x):
        a = attributes(node)
        check_attrs(node, ("auto_pad", "dilations", "group", "kernel_shape",
                           "pads", "strides"))
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
            fail("Conv %s: auto_pad" % node.name)
        w = self.weight(node.input[1], node)
        if w.dtype != np.int8:
            fail("%s %s: weights of type %s" % (node.op_type, node.name,
                                                w.dtype))
        if x.values.ndim != 4 or w.values.ndim != 4:
            fail("Conv %s: wants 2-D NCHW" % node.name)
        o = w.values.shape[0]
        if w.scale.ndim == 1 and w.axis != 0:
            fail("Conv %s: weights quantized along axis %d" % (node.name,
                                                                w.axis))
        if "kernel_shape" in a and list(a["kernel_shape"]) != list(
                w.values.shape[2:]):
            fail("Conv %s: kernel_shape" % node.name)
        w_scale = np.broadcast_to(w.scale, (o,)).astype(F32)
        w_zp = np.broadcast_to(w.zp, (o,))
        xc = torch.from_numpy((x.values - x.zp).astype(np.float64))
        pads = a.get("pads", [0, 0, 0, 0])
        if any(p < 0 for p in pads):
            fail("Conv %s: negative pads" % node.name)
        xc = F.pad(xc, torch_pads(pads))   # zeros: x_zp before centring
        wc = torch.from_numpy(
            (w.values - w_zp.reshape(-1, 1, 1, 1)).astype(np.float64))
        acc = grouped_conv(xc, wc, a.get("strides", [1, 1]),
                           a.get("dilations", [1, 1]), a.get("group", 1))
        return self.add_bias(node, acc, x, w_scale, o), w_scale

    def gemm_acc(self, node, x):
        a = attributes(node)
        check_attrs(node, ("alpha", "beta", "transA", "transB"))
        if a.get("alpha", 1.0) != 1.0 or a.get("beta", 1.0) != 1.0 or \
                a.get("transA", 0):
            fail("Gemm %s: alpha/beta/transA" % node.name)
        w = self.weight(node.input[1], node)
        if w.dtype != np.int8:
            fail("%s %s: weights of type %s" % (node.op_type, node.name,
                                                w.dtype))
        if x.values.ndim != 2 or w.values.ndim != 2:
            fail("Gemm %s: wants 2-D operands" % node.name)
        out_axis = 0 if a.get("transB", 0) else 1
        wv = w.values if out_axis == 0 else w.values.T   # [O, K]
        o = wv.shape[0]
        if w.scale.ndim == 1 and w.axis != out_axis:
            fail("Gemm %s: weights not quantized per output" % node.name)
        w_scale = np.broadcast_to(w.scale, (o,)).astype(F32)
        w_zp = np.broadcast_to(w.zp, (o,))
        xc = torch.from_numpy((x.values - x.zp).astype(np.float64))
        wc = torch.from_numpy((wv - w_zp.reshape(-1, 1)).astype(np.float64))
        acc = exact_int(xc @ wc.t())
        return self.add_bias(node, acc, x, w_scale, o), w_scale

    def add_bias(self, node, acc, x, w_scale, o):
        if len(node.input) < 3 or not node.input[2]:
            return acc
        b = self.weight(node.input[2], node)
        if b.dtype != np.int32 or b.values.shape != (o,):
            fail("%s %s: bias is not INT32 per output" % (node.op_type,
                                                          node.name))
        b_scale = np.broadcast_to(b.scale, (o,))
        if np.any(np.broadcast_to(b.zp, (o,)) != 0) or not np.array_equal(
                b_scale, x.scale * w_scale):
            fail("%s %s: bias scale is not input_scale * weight_scale with "
                 "zero point 0" % (node.op_type, node.name))
        return acc + b.values.reshape((1, -1) + (1,) * (acc.ndim - 2))

    def max_pool(self, node, x):
        a = attributes(node)
        check_attrs(node, ("auto_pad", "ceil_mode", "dilations",
                           "kernel_shape", "pads", "strides",
                           "storage_order"))
        if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET") or \
                a.get("storage_order", 0):
            fail("MaxPool %s: auto_pad/storage_order" % node.name)
        if x.values.ndim != 4:
            fail("MaxPool %s: wants NCHW" % node.name)
        pads = list(a.get("pads", [0, 0, 0, 0]))
        ceil_mode = bool(a.get("ceil_mode", 0))
        xv = torch.from_numpy(x.values.astype(np.float64))
        if pads[:2] == pads[2:]:
            # torch pads with -inf and applies ONNX's ceil_mode rule.
            padding = pads[:2]
        elif ceil_mode:
            fail("MaxPool %s: asymmetric pads with ceil_mode" % node.name)
        else:
            xv = F.pad(xv, torch_pads(pads), value=-math.inf)
            padding = 0
        y = F.max_pool2d(xv, a["kernel_shape"], a.get("strides", [1, 1]),
                         padding, a.get("dilations", [1, 1]),
                         ceil_mode=ceil_mode)
        if not torch.isfinite(y).all():
            fail("MaxPool %s: a window lies in the padding" % node.name)
        return exact_int(y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--dump", help="directory for the stored integers "
                        "of every quantized tensor")
    args = parser.parse_args()
    x = np.load(args.input)
    if x.dtype != F32:
        sys.exit("qdq_network_ref: the input must be float32")
    if args.dump:
        os.makedirs(args.dump, exist_ok=True)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    evaluator = Evaluator(onnx.load(args.model))
    try:
        with torch.no_grad():
            y = evaluator.run(x, args.dump)
    except PatternError as e:
        sys.exit("qdq_network_ref: %s" % e)
    np.save(args.output, y)
    if args.dump:
        with open(os.path.join(args.dump, "index.txt"), "w") as f:
            f.write("\n".join(evaluator.dumped) + "\n")


if __name__ == "__main__":
    main()
