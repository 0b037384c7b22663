#!/usr/bin/env python3
"""Writes Q/DQ models the way ONNX Runtime's quantizer exports them
(per-output-channel int8 weights, int32 biases as DequantizeLinear of
initializers, u8 activations):

  deconv         x (f32) -> Q -> DQ -> ConvTranspose 3x3, 8 -> 6, stride 2,
                 pads 1, output_padding 1, groups 2 (weights per output
                 channel: axis 1 of C x O/groups x KH x KW) -> BatchNorm ->
                 Relu -> Q -> DQ -> ConvTranspose 2x2, 6 -> 4, pads 1 (a
                 crop), dilation 2, per-tensor weights -> Clip(0, 6) -> Q = y
  conv1d_gemm    x (f32) -> Q -> DQ -> Conv (1-D, 4 -> 8, k 3, pads 1) ->
                 BatchNorm (1d) -> Relu -> Q -> DQ -> Flatten -> Gemm (128 ->
                 10, transB) -> BatchNorm (1d) -> Relu -> Q = y: the importer
                 puts reshapes between each conv and its BatchNorm
  conv_scale     x (f32) -> Q -> DQ -> Conv 3x3, 3 -> 6 -> Mul, Add, Div by
                 [6, 1, 1] constants (a Caffe-style Scale layer and a
                 divisor) -> Relu -> Q = y

  make_qdq_models.py --model deconv|conv1d_gemm|conv_scale --out DIR
      (writes DIR/model.onnx)

Needs Debian's python3-onnx (and numpy)."""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(11)


def f32(a):
    return np.asarray(a, dtype=np.float32)


class Graph:
    def __init__(self):
        self.inits, self.nodes = [], []

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def q(self, name, src, scale, zp):
        self.nodes.append(helper.make_node(
            "QuantizeLinear", [src, self.init(name + ".scale", f32(scale)),
                               self.init(name + ".zp", np.uint8(zp))],
            [name], name=name))
        return name

    def dq(self, name, src, scale, zp, axis=None):
        attrs = {} if axis is None else {"axis": axis}
        self.nodes.append(helper.make_node(
            "DequantizeLinear", [src, self.init(name + ".scale", scale),
                                 self.init(name + ".zp", zp)], [name],
            name=name, **attrs))
        return name

    def batch_norm(self, name, src, channels):
        self.nodes.append(helper.make_node(
            "BatchNormalization",
            [src, self.init(name + ".s", f32(rng.uniform(0.5, 1.5, channels)
                                             * rng.choice([-1, 1], channels))),
             self.init(name + ".b", f32(rng.uniform(-0.2, 0.2, channels))),
             self.init(name + ".m", f32(rng.uniform(-0.2, 0.2, channels))),
             self.init(name + ".v", f32(rng.uniform(0.2, 1.0, channels)))],
            [name], name=name, epsilon=1e-5))
        return name

    def per_channel_weights(self, name, shape, axis, x_scale):
        """int8 weights quantized per slice along `axis`, their DQ, and the
        scales of the biases of those slices' output channels."""
        w = rng.uniform(-0.5, 0.5, shape)
        moved = np.moveaxis(w, axis, 0)
        scale = f32(np.abs(moved).reshape(shape[axis], -1).max(axis=1) / 127)
        bshape = [1] * len(shape)
        bshape[axis] = shape[axis]
        w_q = np.round(w / scale.reshape(bshape)).astype(np.int8)
        return (self.dq(name + ".dq", self.init(name + ".q", w_q), scale,
                        np.zeros(shape[axis], np.int8), axis=axis),
                f32(x_scale * scale))

    def bias(self, name, scale):
        b_q = np.round(rng.uniform(-0.1, 0.1, scale.size) / scale).astype(
            np.int32)
        return self.dq(name + ".dq", self.init(name + ".q", b_q), scale,
                       np.zeros(scale.size, np.int32), axis=0)


def deconv(g):
    x_scale, x_zp = 2.0 / 255, 128
    a = g.dq("x.dq", g.q("x.q", "x", x_scale, x_zp), f32(x_scale),
             np.uint8(x_zp))
    # Weights [8, 3, 3, 3] (C, O/groups, KH, KW): 3 scales along axis 1;
    # output channel g * 3 + j takes scale j, its bias x_scale * w_scale[j].
    w1, b1_scale = g.per_channel_weights("w1", (8, 3, 3, 3), 1, x_scale)
    b1 = g.bias("b1", np.tile(b1_scale, 2))
    g.nodes.append(helper.make_node(
        "ConvTranspose", [a, w1, b1], ["c1"], name="up1", strides=[2, 2],
        pads=[1, 1, 1, 1], output_padding=[1, 1], group=2))
    g.nodes.append(helper.make_node("Relu", [g.batch_norm("bn1", "c1", 6)],
                                    ["r1"], name="relu1"))
    h_scale = 4.0 / 255
    h = g.dq("h.dq", g.q("h.q", "r1", h_scale, 0), f32(h_scale), np.uint8(0))
    w2 = rng.uniform(-0.5, 0.5, (6, 4, 2, 2))
    w2_scale = f32(np.abs(w2).max() / 127)
    w2_q = np.round(w2 / w2_scale).astype(np.int8)
    w2_dq = g.dq("w2.dq", g.init("w2.q", w2_q), w2_scale, np.int8(0))
    g.nodes.append(helper.make_node("ConvTranspose", [h, w2_dq], ["c2"],
                                    name="up2", pads=[1, 1, 1, 1],
                                    dilations=[2, 2]))
    g.nodes.append(helper.make_node(
        "Clip", ["c2", g.init("lo", f32(0.0)), g.init("hi", f32(6.0))],
        ["r2"], name="relu6"))
    g.q("y", "r2", 6.0 / 255, 0)
    return [1, 8, 5, 6], [1, 4, 10, 12]


def conv1d_gemm(g):
    x_scale, x_zp = 2.0 / 255, 128
    a = g.dq("x.dq", g.q("x.q", "x", x_scale, x_zp), f32(x_scale),
             np.uint8(x_zp))
    w1, b1_scale = g.per_channel_weights("w1", (8, 4, 3), 0, x_scale)
    g.nodes.append(helper.make_node("Conv", [a, w1, g.bias("b1", b1_scale)],
                                    ["c1"], name="conv1", pads=[1, 1]))
    g.nodes.append(helper.make_node("Relu", [g.batch_norm("bn1", "c1", 8)],
                                    ["r1"], name="relu1"))
    h_scale = 4.0 / 255
    h = g.dq("h.dq", g.q("h.q", "r1", h_scale, 0), f32(h_scale), np.uint8(0))
    g.nodes.append(helper.make_node("Flatten", [h], ["f"], name="flatten"))
    w2, b2_scale = g.per_channel_weights("w2", (10, 128), 0, h_scale)
    g.nodes.append(helper.make_node("Gemm", ["f", w2, g.bias("b2", b2_scale)],
                                    ["l"], name="linear", transB=1))
    g.nodes.append(helper.make_node("Relu", [g.batch_norm("bn2", "l", 10)],
                                    ["r2"], name="relu2"))
    g.q("y", "r2", 8.0 / 255, 0)
    return [4, 4, 16], [4, 10]


def conv_scale(g):
    x_scale, x_zp = 2.0 / 255, 128
    a = g.dq("x.dq", g.q("x.q", "x", x_scale, x_zp), f32(x_scale),
             np.uint8(x_zp))
    w1, b1_scale = g.per_channel_weights("w1", (6, 3, 3, 3), 0, x_scale)
    g.nodes.append(helper.make_node("Conv", [a, w1, g.bias("b1", b1_scale)],
                                    ["c1"], name="conv1", pads=[1, 1, 1, 1]))
    sign = rng.choice([-1, 1], 6)
    for op, name, values in (
            ("Mul", "scale", sign * rng.uniform(0.5, 2.0, 6)),
            ("Add", "shift", rng.uniform(-0.5, 0.5, 6)),
            ("Div", "divisor", rng.uniform(0.5, 2.0, 6))):
        g.nodes.append(helper.make_node(
            op, [g.nodes[-1].output[0],
                 g.init(name, f32(values).reshape(6, 1, 1))],
            [name + ".out"], name=name))
    g.nodes.append(helper.make_node("Relu", ["divisor.out"], ["r1"],
                                    name="relu1"))
    g.q("y", "r1", 4.0 / 255, 0)
    return [1, 3, 8, 8], [1, 6, 8, 8]


MODELS = {"deconv": deconv, "conv1d_gemm": conv1d_gemm,
          "conv_scale": conv_scale}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    g = Graph()
    in_shape, out_shape = MODELS[args.model](g)
    graph = helper.make_graph(
        g.nodes, args.model,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info("y", TensorProto.UINT8, out_shape)],
        initializer=g.inits)
    model = helper.make_model(graph, producer_name="qfold",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(args.out, "model.onnx"))


if __name__ == "__main__":
    main()
