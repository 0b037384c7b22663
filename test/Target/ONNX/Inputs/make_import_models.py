#!/usr/bin/env python3
"""Writes the models of test/Target/ONNX/cast.test and sub.test: constants
cast the way exporters do (torch.clamp's bounds cast to float before Clip)
and the casts qfold refuses; a per-channel constant subtracted after a conv
(an exporter's shift, or an input normalization's mean), which imports as an
add of the negated constant and folds into the conv's bias; per-channel
constants multiplied and divided after a conv, which fold into its filter
and bias, and a Sub and Mul of run-time tensors, which stay. Needs Debian's python3-onnx; the committed .onnx
files are what the tests read."""

import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

here = os.path.dirname(os.path.abspath(__file__))


def model(nodes, inputs, outputs, inits=(), name="cast"):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    return m


x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
w = numpy_helper.from_array(
    np.arange(2 * 2 * 3 * 3, dtype=np.float32).reshape(2, 2, 3, 3) / 10, "w")


def const(name, array):
    return helper.make_node("Constant", [], [name], name=name + "_const",
                            value=numpy_helper.from_array(array))


# Conv -> Clip whose bounds are constants cast to FLOAT: the upper a DOUBLE
# 6.0 (torch.clamp with Python float bounds), the lower an INT64 -2 (integer
# bounds) unused, and a float -1.75 cast to INT32 and back (truncated toward
# zero: -1).
save(model([helper.make_node("Conv", ["x", "w"], ["c"], name="conv",
                             pads=[1, 1, 1, 1]),
            const("lo64", np.array(-2, np.int64)),
            helper.make_node("Cast", ["lo64"], ["lo_mid"], name="cast_lo",
                             to=TensorProto.FLOAT),
            const("lo_f", np.array(-1.75, np.float32)),
            helper.make_node("Cast", ["lo_f"], ["lo_i"], name="truncate",
                             to=TensorProto.INT32),
            helper.make_node("Cast", ["lo_i"], ["lo"], name="cast_back",
                             to=TensorProto.FLOAT),
            const("hi64", np.array(6.0, np.float64)),
            helper.make_node("Cast", ["hi64"], ["hi"], name="cast_hi",
                             to=TensorProto.FLOAT),
            helper.make_node("Clip", ["c", "lo", "hi"], ["y"], name="clip")],
           [x], [y], [w]), os.path.join(here, "cast-clip-bounds.onnx"))

# A cast of a run-time tensor.
save(model([helper.make_node("Cast", ["x"], ["y"], name="cast_x",
                             to=TensorProto.INT32)], [x], [y]),
     os.path.join(here, "cast-runtime.onnx"))

# A constant out of the target's range, and a cast to BOOL.
save(model([const("big", np.array([1.0, 300.0], np.float32)),
            helper.make_node("Cast", ["big"], ["y"], name="cast_big",
                             to=TensorProto.UINT8)], [x], [y]),
     os.path.join(here, "cast-out-of-range.onnx"))
save(model([const("one", np.array([1.0], np.float32)),
            helper.make_node("Cast", ["one"], ["y"], name="cast_bool",
                             to=TensorProto.BOOL)], [x], [y]),
     os.path.join(here, "cast-bool.onnx"))

# A DOUBLE constant FLOAT cannot hold exactly (0.1).
save(model([const("tenth", np.array([0.5, 0.1], np.float64)),
            helper.make_node("Cast", ["tenth"], ["y"], name="cast_tenth",
                             to=TensorProto.FLOAT)], [x], [y]),
     os.path.join(here, "cast-inexact-double.onnx"))


# Two output channels, bias [0.5, -1.25], subtracting [C, 1, 1] = [0.25, -2.0]
# gives bias [0.25, 0.75].
ones = numpy_helper.from_array(np.ones((2, 2, 1, 1), np.float32), "w")
bias = numpy_helper.from_array(np.array([0.5, -1.25], np.float32), "b")
shift = numpy_helper.from_array(
    np.array([0.25, -2.0], np.float32).reshape(2, 1, 1), "shift")
save(model([helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv"),
            helper.make_node("Sub", ["c", "shift"], ["y"], name="sub")],
           [x], [y], [ones, bias, shift], name="sub"),
     os.path.join(here, "sub-shift.onnx"))

# Conv (bias [0.5, -1.25]) -> Mul by [C, 1, 1] = [2, -0.5] -> Div by
# [0.25, 2]: filter 1 * [8, -0.25], bias [4, 0.3125]; then run-time Sub and
# Mul with the input, which stay: (x - conv') * x.
scale = numpy_helper.from_array(
    np.array([2.0, -0.5], np.float32).reshape(2, 1, 1), "scale")
divisor = numpy_helper.from_array(
    np.array([0.25, 2.0], np.float32).reshape(2, 1, 1), "divisor")
save(model([helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv"),
            helper.make_node("Mul", ["c", "scale"], ["m"], name="mul"),
            helper.make_node("Div", ["m", "divisor"], ["d"], name="div"),
            helper.make_node("Sub", ["x", "d"], ["s"], name="sub_x"),
            helper.make_node("Mul", ["s", "x"], ["y"], name="mul_x")],
           [x], [y], [ones, bias, scale, divisor], name="scale"),
     os.path.join(here, "mul-div-scale.onnx"))
