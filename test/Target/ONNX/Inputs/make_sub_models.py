#!/usr/bin/env python3
"""Writes the Sub models of test/Target/ONNX/sub.test: a per-channel constant
subtracted after a conv (as exporters write a shift, or an input
normalization's mean), which imports as an add of the negated constant and
folds into the conv's bias, and a Sub of a run-time tensor, refused. Needs
Debian's python3-onnx; the committed .onnx files are what the test reads."""

import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

here = os.path.dirname(os.path.abspath(__file__))


def model(nodes, inputs, outputs, inits=()):
    graph = helper.make_graph(nodes, "sub", inputs, outputs,
                              initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    return m


x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
# Two output channels, bias [0.5, -1.25], subtracting [C, 1, 1] = [0.25, -2.0]
# gives bias [0.25, 0.75].
w = numpy_helper.from_array(np.ones((2, 2, 1, 1), np.float32), "w")
bias = numpy_helper.from_array(np.array([0.5, -1.25], np.float32), "b")
shift = numpy_helper.from_array(
    np.array([0.25, -2.0], np.float32).reshape(2, 1, 1), "shift")
save(model([helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv"),
            helper.make_node("Sub", ["c", "shift"], ["y"], name="sub")],
           [x], [y], [w, bias, shift]),
     os.path.join(here, "sub-shift.onnx"))

# x - x: a run-time subtrahend.
save(model([helper.make_node("Sub", ["x", "x"], ["y"], name="sub_x")],
           [x], [y]), os.path.join(here, "sub-runtime.onnx"))
