#!/usr/bin/env python3
"""Writes the multi-layer ONNX example and its reference data, in the layout
of ONNX's backend tests (so qfold-onnx-conformance runs it):

  conv_bn_relu/model.onnx           Conv 3x3 (3->8) -> BatchNormalization -> Relu
                                    -> grouped Conv 3x3 (8->8, group 2, stride 2)
                                       -> BatchNormalization -> Clip(0, 6)
                                    -> depthwise Conv 3x3 (8, group 8) -> BatchNormalization -> Relu
  conv_bn_relu/test_data_set_0/input_0.pb    a 1x3x16x16 input
  conv_bn_relu/test_data_set_0/output_0.pb   the output computed here with
                                    numpy (float64, rounded to float32),
                                    independently of qfold

Needs Debian's python3-onnx (and numpy); the test suite only reads the files.
Usage: make_model.py [OUTPUT_DIR]
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(2026)


def conv_ref(x, w, b, stride, pad, group):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (wd + 2 * pad - kw) // stride + 1
    y = np.zeros((n, o, oh, ow))
    fpg = o // group
    for oc in range(o):
        g = oc // fpg
        for i in range(kh):
            for j in range(kw):
                patch = xp[:, g * cg:(g + 1) * cg,
                           i:i + stride * oh:stride, j:j + stride * ow:stride]
                y[:, oc] += np.einsum("nchw,c->nhw", patch, w[oc, :, i, j])
        y[:, oc] += b[oc]
    return y


def bn_ref(x, s, bias, mean, var, eps):
    shape = (1, -1, 1, 1)
    return ((x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
            * s.reshape(shape) + bias.reshape(shape))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def main():
    out_dir = os.path.join(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.dirname(os.path.abspath(__file__)),
                           "conv_bn_relu")
    os.makedirs(out_dir, exist_ok=True)
    nodes, inits = [], []
    x = f32(rng.uniform(-1, 1, (1, 3, 16, 16)))
    value = x.astype(np.float64)
    current = "input"
    layers = [(3, 8, 1, 1, 1, "relu"), (8, 8, 2, 1, 2, "relu6"),
              (8, 8, 1, 1, 8, "relu")]
    for i, (c, o, stride, pad, group, act) in enumerate(layers):
        w = f32(rng.uniform(-0.5, 0.5, (o, c // group, 3, 3)))
        b = f32(rng.uniform(-0.1, 0.1, o))
        s = f32(rng.uniform(0.5, 1.5, o) * rng.choice([-1, 1], o))
        bias = f32(rng.uniform(-0.2, 0.2, o))
        mean = f32(rng.uniform(-0.3, 0.3, o))
        var = f32(rng.uniform(0.01, 1.0, o))
        eps = 1e-5
        names = {k: "layer%d.%s" % (i, k)
                 for k in ("w", "b", "s", "bias", "mean", "var")}
        for k, arr in (("w", w), ("b", b), ("s", s), ("bias", bias),
                       ("mean", mean), ("var", var)):
            inits.append(numpy_helper.from_array(arr, names[k]))
        conv_out, bn_out, act_out = ("layer%d.conv" % i, "layer%d.bn" % i,
                                     "layer%d.act" % i)
        nodes.append(helper.make_node(
            "Conv", [current, names["w"], names["b"]], [conv_out],
            name="layer%d/conv" % i, strides=[stride, stride],
            pads=[pad] * 4, group=group, kernel_shape=[3, 3]))
        nodes.append(helper.make_node(
            "BatchNormalization",
            [conv_out, names["s"], names["bias"], names["mean"], names["var"]],
            [bn_out], name="layer%d/bn" % i, epsilon=eps))
        if act == "relu":
            nodes.append(helper.make_node("Relu", [bn_out], [act_out],
                                          name="layer%d/relu" % i))
        else:
            lo, hi = "layer%d.min" % i, "layer%d.max" % i
            inits.append(numpy_helper.from_array(f32(0.0), lo))
            inits.append(numpy_helper.from_array(f32(6.0), hi))
            nodes.append(helper.make_node("Clip", [bn_out, lo, hi], [act_out],
                                          name="layer%d/relu6" % i))
        value = conv_ref(value, w.astype(np.float64), b.astype(np.float64),
                         stride, pad, group)
        value = bn_ref(value, s.astype(np.float64), bias.astype(np.float64),
                       mean.astype(np.float64), var.astype(np.float64), eps)
        value = np.maximum(value, 0.0) if act == "relu" else np.clip(
            value, 0.0, 6.0)
        current = act_out
    nodes[-1].output[0] = "output"
    graph = helper.make_graph(
        nodes, "conv_bn_relu",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                       list(x.shape))],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT,
                                       list(value.shape))],
        initializer=inits)
    model = helper.make_model(graph, producer_name="qfold make_model.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out_dir, "model.onnx"))
    data = os.path.join(out_dir, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    onnx.save_tensor(numpy_helper.from_array(x, "input"),
                     os.path.join(data, "input_0.pb"))
    onnx.save_tensor(numpy_helper.from_array(f32(value), "output"),
                     os.path.join(data, "output_0.pb"))


if __name__ == "__main__":
    main()
