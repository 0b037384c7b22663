#!/usr/bin/python3
"""Build a ResNet-18 or MobileNetV2 ONNX model with reference inputs and
outputs for end-to-end tests and benchmarks.

No pretrained weights can be downloaded here, so the network is
torchvision's architecture with random weights. Default BatchNorm parameters
(gamma 1, beta 0, mean 0, var 1) would make folding BatchNorm into the
convolutions a near no-op, and with random convolution weights the
activations would drift in scale from layer to layer. Instead every
BatchNorm gets random gamma/beta and running statistics measured on random
inputs (so each layer is normalized to a sane range), then slightly
perturbed (so the normalization is not exact and folding still changes every
weight). The classifier is centered on the same kind of inputs so that the
top-1 class depends on the input. The BatchNormalization nodes are kept in
the exported graph: folding them is the compiler's job, not the exporter's.

Outputs, in DIR (K = 0 .. --inputs - 1):
  model.onnx          input "input" 1x3xSxS, output "output" 1x1000
  test_data_set_K/    input_0.pb, output_0.pb: ONNX backend-test layout
  input_K.npy, output_K.npy    the same tensors as numpy arrays
  output_K_f64.npy    the output computed in float64

Run with Debian's interpreter, which has torch, torchvision and onnx:
  /usr/bin/python3 make_networks.py --net resnet18 --size 64 --out DIR
"""

import argparse
import collections
import copy
import os
import sys

import numpy as np
import onnx
import torch
import torchvision
from onnx import numpy_helper

NETS = {
    "resnet18": torchvision.models.resnet18,
    "mobilenet_v2": torchvision.models.mobilenet_v2,
}

CALIBRATION_BATCHES = 4
CALIBRATION_BATCH_SIZE = 8


def batch_norms(model):
    return [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]


def reinit_depthwise(model):
    """torchvision initializes convolutions with kaiming_normal_(fan_out),
    and torch's fan_out ignores groups: depthwise weights get a standard
    deviation sqrt(channels) times too small, so the statistics of the
    BatchNorms after them end up at the scale of epsilon. Use fan_in (one
    input channel per group) for those instead."""
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d) and m.groups > 1:
            torch.nn.init.kaiming_normal_(m.weight, mode="fan_in",
                                          nonlinearity="relu")


def randomize_affine(model):
    """Random gamma in +-[0.5, 1.5] (about 1 channel in 16 negative) and
    beta ~ N(0, 0.1)."""
    for bn in batch_norms(model):
        c = bn.num_features
        sign = torch.where(torch.rand(c) < 1 / 16, -1.0, 1.0)
        bn.weight.copy_(sign * torch.empty(c).uniform_(0.5, 1.5))
        bn.bias.copy_(torch.randn(c) * 0.1)


def calibrate(model, size):
    """Set the running statistics to the real mean and variance of each
    BatchNorm's input on random N(0, 1) images (a cumulative average over a
    few batches in training mode). The momentum is restored afterwards: the
    exporter writes 1 - momentum into the ONNX node."""
    momentums = [bn.momentum for bn in batch_norms(model)]
    for bn in batch_norms(model):
        bn.reset_running_stats()
        bn.momentum = None
    model.train()
    for _ in range(CALIBRATION_BATCHES):
        model(torch.randn(CALIBRATION_BATCH_SIZE, 3, size, size))
    model.eval()
    for bn, momentum in zip(batch_norms(model), momentums):
        bn.momentum = momentum


def perturb_statistics(model):
    """Move the statistics slightly off the measured ones: var * U(0.8, 1.25)
    and mean + N(0, 0.1 * std)."""
    for bn in batch_norms(model):
        c = bn.num_features
        std = bn.running_var.sqrt()
        bn.running_mean.add_(torch.randn(c) * 0.1 * std)
        bn.running_var.mul_(torch.empty(c).uniform_(0.8, 1.25))


def center_classifier(model, size):
    """With random weights the pooled features of different images are
    nearly the same (the more so the larger the image, as the global pool
    averages more positions), so the logits and the top-1 class would hardly
    depend on the input. Measure the features on random images, cancel their
    mean through the final Linear's bias (plus N(0, 0.1) noise) and scale its
    weights so the logits vary by about 1 across inputs."""
    fc = [m for m in model.modules() if isinstance(m, torch.nn.Linear)][-1]
    captured = []
    hook = fc.register_forward_hook(lambda m, x, y: captured.append(x[0]))
    model(torch.randn(CALIBRATION_BATCHES * CALIBRATION_BATCH_SIZE,
                      3, size, size))
    hook.remove()
    features = captured[0]
    mean = features.mean(0)
    fc.weight.div_(((features - mean) @ fc.weight.T).std())
    fc.bias.copy_(torch.randn(fc.out_features) * 0.1 - fc.weight @ mean)


def build(net, size, seed):
    torch.manual_seed(seed)
    model = NETS[net](weights=None)
    with torch.no_grad():
        reinit_depthwise(model)
        randomize_affine(model)
        calibrate(model, size)
        perturb_statistics(model)
        center_classifier(model, size)
    return model


def export(model, size, opset, path):
    """Export in inference mode. TrainingMode.PRESERVE (with the model in
    eval mode) skips the exporter's eval peephole pass, which would fold
    every BatchNorm into the preceding Conv; constant folding is off since
    it has nothing else to fold and warns with PRESERVE. Returns the op
    histogram."""
    torch.onnx.export(
        model, torch.zeros(1, 3, size, size), path,
        opset_version=opset,
        input_names=["input"], output_names=["output"],
        do_constant_folding=False,
        training=torch.onnx.TrainingMode.PRESERVE)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    ops = collections.Counter(node.op_type for node in proto.graph.node)
    if ops["BatchNormalization"] != len(batch_norms(model)):
        sys.exit("the exporter folded BatchNorm: %s" % dict(ops))
    return ops


def write_tensor(path, array):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array).SerializeToString())


def write_samples(model, size, count, out):
    """Random N(0, 1) inputs (like normalized images) and the eval model's
    float32 outputs, in both layouts, plus the same model's outputs in
    float64 (output_K_f64.npy): the exact result against which f32 programs,
    folded or not, are measured. Returns the outputs."""
    exact = copy.deepcopy(model).double()
    outputs = []
    for k in range(count):
        x = torch.randn(1, 3, size, size)
        with torch.no_grad():
            y = model(x)
            y64 = exact(x.double())
        np.save(os.path.join(out, "output_%d_f64.npy" % k), y64.numpy())
        x, y = x.numpy(), y.numpy()
        data_set = os.path.join(out, "test_data_set_%d" % k)
        os.makedirs(data_set, exist_ok=True)
        write_tensor(os.path.join(data_set, "input_0.pb"), x)
        write_tensor(os.path.join(data_set, "output_0.pb"), y)
        np.save(os.path.join(out, "input_%d.npy" % k), x)
        np.save(os.path.join(out, "output_%d.npy" % k), y)
        outputs.append(y)
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--net", choices=sorted(NETS), required=True)
    parser.add_argument("--size", type=int, default=64,
                        help="input height and width (224 for benchmarks)")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--inputs", type=int, default=2,
                        help="number of reference input/output pairs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--opset", type=int, default=13)
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    model = build(args.net, args.size, args.seed)
    ops = export(model, args.size, args.opset,
                 os.path.join(args.out, "model.onnx"))
    outputs = write_samples(model, args.size, args.inputs, args.out)

    print("ops: " + ", ".join("%s %d" % kv for kv in sorted(ops.items())),
          file=sys.stderr)
    for k, y in enumerate(outputs):
        print("output %d: max |logit| %.3g, std %.3g, top-1 class %d"
              % (k, np.abs(y).max(), y.std(), y.argmax()), file=sys.stderr)


if __name__ == "__main__":
    main()
