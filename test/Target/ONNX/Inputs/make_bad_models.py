#!/usr/bin/env python3
"""Writes the malformed ONNX models of test/Target/ONNX/malformed.test:
models that parse as protobuf but are not valid programs. Needs Debian's
python3-onnx; the committed .onnx files are what the tests read."""

import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

here = os.path.dirname(os.path.abspath(__file__))


def model(nodes, inputs, outputs, inits=(), name="bad"):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    return m


x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)

# Conv weights with 4 input channels for a 3-channel input.
w = numpy_helper.from_array(np.ones((2, 4, 3, 3), np.float32), "w")
save(model([helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
           [x], [y], [w]), os.path.join(here, "conv-channel-mismatch.onnx"))

# A node reading a tensor nothing produces.
save(model([helper.make_node("Relu", ["nowhere"], ["y"], name="relu")],
           [x], [y]), os.path.join(here, "dangling-input.onnx"))

# An initializer whose data does not fill its shape.
bad = helper.make_tensor("w", TensorProto.FLOAT, [5], [1.0] * 5)
bad.dims[:] = [2, 3, 3, 3]  # helper checks the size; the file must not
save(model([helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
           [x], [y], [bad]), os.path.join(here, "short-initializer.onnx"))

# BatchNormalization with a negative variance.
params = [numpy_helper.from_array(np.array(v, np.float32), n) for n, v in (
    ("s", [1, 1, 1]), ("b", [0, 0, 0]), ("m", [0, 0, 0]),
    ("v", [1, -2, 1]))]
save(model([helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"],
                             ["y"], name="bn", epsilon=1e-5)],
           [x], [y], params), os.path.join(here, "negative-variance.onnx"))

# A graph input of type DOUBLE.
xd = helper.make_tensor_value_info("xd", TensorProto.DOUBLE, [4])
save(model([helper.make_node("Identity", ["xd"], ["y"], name="id")],
           [xd], [y]), os.path.join(here, "double-input.onnx"))
