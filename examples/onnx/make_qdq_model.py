#!/usr/bin/env python3
"""Writes a quantized network the way ONNX Runtime's quantizer and PyTorch
export it: float Conv/BatchNormalization/Relu/Clip between
QuantizeLinear/DequantizeLinear pairs, with per-channel int8 weights and
int32 biases given as DequantizeLinear of initializers.

  qdq_conv_bn_relu/model.onnx
      x (f32) -> Q(u8) -> DQ -> Conv 3x3 3->8 (DQ weights, DQ bias)
              -> BatchNormalization -> Relu -> Q(u8) -> DQ
              -> depthwise Conv 3x3 (8) -> Clip(0, 6) -> Q(u8) = y (u8)
  qdq_conv_bn_relu/test_data_set_0/input_0.pb     a 1x3x16x16 input

Needs Debian's python3-onnx (and numpy); the test suite only reads the files.
Usage: make_qdq_model.py [OUTPUT_DIR]
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(7)


def f32(a):
    return np.asarray(a, dtype=np.float32)


def main():
    out = os.path.join(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.dirname(os.path.abspath(__file__)),
                       "qdq_conv_bn_relu")
    os.makedirs(os.path.join(out, "test_data_set_0"), exist_ok=True)
    inits, nodes = [], []

    def init(name, array):
        inits.append(numpy_helper.from_array(array, name))
        return name

    def q(name, src, scale, zp):
        nodes.append(helper.make_node(
            "QuantizeLinear", [src, init(name + ".scale", f32(scale)),
                               init(name + ".zp", np.uint8(zp))],
            [name], name=name))
        return name

    def dq(name, src, scale, zp, axis=None):
        attrs = {} if axis is None else {"axis": axis}
        nodes.append(helper.make_node(
            "DequantizeLinear", [src, init(name + ".scale", scale),
                                 init(name + ".zp", zp)], [name], name=name,
            **attrs))
        return name

    x_scale, x_zp = 2.0 / 255, 128
    a = dq("x.dq", q("x.q", "x", x_scale, x_zp), f32(x_scale), np.uint8(x_zp))

    # Layer 1: per-channel int8 weights, int32 bias (scale x_scale * w_scale).
    w1 = rng.uniform(-0.5, 0.5, (8, 3, 3, 3))
    w1_scale = f32(np.abs(w1).reshape(8, -1).max(axis=1) / 127)
    w1_q = np.round(w1 / w1_scale.reshape(8, 1, 1, 1)).astype(np.int8)
    b1_scale = f32(x_scale * w1_scale)
    b1_q = np.round(rng.uniform(-0.1, 0.1, 8) / b1_scale).astype(np.int32)
    w1_dq = dq("w1.dq", init("w1.q", w1_q), w1_scale,
               np.zeros(8, np.int8), axis=0)
    b1_dq = dq("b1.dq", init("b1.q", b1_q), b1_scale,
               np.zeros(8, np.int32), axis=0)
    nodes.append(helper.make_node("Conv", [a, w1_dq, b1_dq], ["c1"],
                                  name="conv1", pads=[1, 1, 1, 1]))
    nodes.append(helper.make_node(
        "BatchNormalization",
        ["c1", init("bn1.s", f32(rng.uniform(0.5, 1.5, 8)
                                 * rng.choice([-1, 1], 8))),
         init("bn1.b", f32(rng.uniform(-0.2, 0.2, 8))),
         init("bn1.m", f32(rng.uniform(-0.2, 0.2, 8))),
         init("bn1.v", f32(rng.uniform(0.2, 1.0, 8)))],
        ["bn1"], name="bn1", epsilon=1e-5))
    nodes.append(helper.make_node("Relu", ["bn1"], ["r1"], name="relu1"))
    h_scale = 4.0 / 255
    h = dq("h.dq", q("h.q", "r1", h_scale, 0), f32(h_scale), np.uint8(0))

    # Layer 2: depthwise, per-tensor weights, no bias, ReLU6.
    w2 = rng.uniform(-0.5, 0.5, (8, 1, 3, 3))
    w2_scale = f32(np.abs(w2).max() / 127)
    w2_q = np.round(w2 / w2_scale).astype(np.int8)
    w2_dq = dq("w2.dq", init("w2.q", w2_q), w2_scale, np.int8(0))
    nodes.append(helper.make_node("Conv", [h, w2_dq], ["c2"], name="conv2",
                                  pads=[1, 1, 1, 1], group=8))
    nodes.append(helper.make_node(
        "Clip", ["c2", init("lo", f32(0.0)), init("hi", f32(6.0))], ["r2"],
        name="relu6"))
    nodes[-1].output[0] = "r2"
    q("y", "r2", 6.0 / 255, 0)

    graph = helper.make_graph(
        nodes, "qdq_conv_bn_relu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       [1, 3, 16, 16])],
        [helper.make_tensor_value_info("y", TensorProto.UINT8,
                                       [1, 8, 16, 16])],
        initializer=inits)
    model = helper.make_model(graph, producer_name="qfold make_qdq_model.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out, "model.onnx"))
    x = f32(rng.uniform(-1, 1, (1, 3, 16, 16)))
    onnx.save_tensor(numpy_helper.from_array(x, "x"),
                     os.path.join(out, "test_data_set_0", "input_0.pb"))


if __name__ == "__main__":
    main()
