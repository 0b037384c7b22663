#!/usr/bin/env python3
"""Writes the malformed ONNX models of test/Target/ONNX/malformed.test
(models that parse as protobuf but are not valid programs) and the bad or
unsupported nodes of test/Target/ONNX/errors.test. Needs Debian's
python3-onnx; the committed .onnx files are what the tests read."""

import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

here = os.path.dirname(os.path.abspath(__file__))


def model(nodes, inputs, outputs, inits=(), name="bad", opset=13):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              initializer=list(inits))
    m = helper.make_model(graph,
                          opset_imports=[helper.make_opsetid("", opset)])
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


# Bad or unsupported nodes (errors.test): each error names the node and the
# attribute or the reason.


def one_node(file, node, inputs=(x,), inits=(), outputs=(y,), opset=13):
    save(model([node], list(inputs), list(outputs), inits, opset=opset),
         os.path.join(here, file))


def floats(name, shape, value=1.0):
    return numpy_helper.from_array(np.full(shape, value, np.float32), name)


def int64s(name, values):
    return numpy_helper.from_array(np.array(values, np.int64), name)


# MaxPool in column-major storage order.
one_node("maxpool-storage-order.onnx",
         helper.make_node("MaxPool", ["x"], ["y"], name="pool",
                          kernel_shape=[2, 2], storage_order=1))

# MaxPool asked for its Indices (argmax) output.
idx = helper.make_tensor_value_info("idx", TensorProto.INT64, None)
one_node("maxpool-indices.onnx",
         helper.make_node("MaxPool", ["x"], ["y", "idx"], name="pool",
                          kernel_shape=[2, 2]), outputs=(y, idx))

# AveragePool with dilations (opset 19).
one_node("avgpool-dilations.onnx",
         helper.make_node("AveragePool", ["x"], ["y"], name="avg",
                          kernel_shape=[2, 2], dilations=[2, 2]), opset=19)

# A 2-D MaxPool with a kernel_shape of one value.
one_node("maxpool-kernel-length.onnx",
         helper.make_node("MaxPool", ["x"], ["y"], name="pool",
                          kernel_shape=[3]))

# Pads as large as the kernel: a window entirely in the padding.
one_node("maxpool-pads-kernel.onnx",
         helper.make_node("MaxPool", ["x"], ["y"], name="pool",
                          kernel_shape=[2, 2], pads=[2, 0, 0, 0]))

# A 3-D pool (rank-5 input).
x5 = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 4, 4, 4])
one_node("maxpool-3d.onnx",
         helper.make_node("MaxPool", ["x"], ["y"], name="pool3d",
                          kernel_shape=[2, 2, 2]), inputs=(x5,))

# Reshape to a shape that is a graph input (known only at run time).
shape = helper.make_tensor_value_info("shape", TensorProto.INT64, [2])
one_node("reshape-dynamic-shape.onnx",
         helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape"),
         inputs=(x, shape))

# Reshape with two inferred dimensions.
one_node("reshape-two-inferred.onnx",
         helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape"),
         inits=[int64s("s", [-1, 3, -1])])

# Reshape of 192 elements to 5 x 7.
one_node("reshape-count.onnx",
         helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape"),
         inits=[int64s("s", [5, 7])])

# Flatten at axis 5 of a rank-4 input.
one_node("flatten-axis.onnx",
         helper.make_node("Flatten", ["x"], ["y"], name="flatten", axis=5))

# Concat along channels of inputs whose heights differ.
one_node("concat-mismatch.onnx",
         helper.make_node("Concat", ["x", "c"], ["y"], name="concat", axis=1),
         inits=[floats("c", [1, 2, 4, 8])])

# Concat without its required axis.
one_node("concat-no-axis.onnx",
         helper.make_node("Concat", ["x", "c"], ["y"], name="concat"),
         inits=[floats("c", [1, 2, 8, 8])])

# Softmax along axis 4 of a rank-4 input.
one_node("softmax-axis.onnx",
         helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=4))

# Dropout in training mode (a constant true training_mode, BOOL as ONNX
# requires).
one_node("dropout-training.onnx",
         helper.make_node("Dropout", ["x", "ratio", "training"], ["y"],
                          name="dropout"),
         inits=[floats("ratio", [], 0.5),
                numpy_helper.from_array(np.array(True), "training")])

# Dropout asked for its mask output.
mask = helper.make_tensor_value_info("mask", TensorProto.BOOL, None)
one_node("dropout-mask.onnx",
         helper.make_node("Dropout", ["x"], ["y", "mask"], name="dropout"),
         outputs=(y, mask))

# Gemm of a 2x3 A and a 4x5 B.
a = helper.make_tensor_value_info("a", TensorProto.FLOAT, [2, 3])
one_node("gemm-inner.onnx",
         helper.make_node("Gemm", ["a", "b"], ["y"], name="gemm"),
         inputs=(a,), inits=[floats("b", [4, 5])])

# Add of a FLOAT input and an INT32 constant.
one_node("add-types.onnx",
         helper.make_node("Add", ["x", "k"], ["y"], name="add"),
         inits=[numpy_helper.from_array(np.ones((1, 3, 8, 8), np.int32),
                                        "k")])

# MatMul whose batch dimensions broadcast ([2] against [1]).
a3 = helper.make_tensor_value_info("a", TensorProto.FLOAT, [2, 3, 4])
one_node("matmul-batch-broadcast.onnx",
         helper.make_node("MatMul", ["a", "b"], ["y"], name="matmul"),
         inputs=(a3,), inits=[floats("b", [1, 4, 5])])
