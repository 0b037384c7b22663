#!/usr/bin/python3
"""Small PyTorch models where BatchNorm sits after something other than a
2-D conv, exported to ONNX with the BatchNormalization nodes kept, with
reference outputs of the PyTorch eval model (float32 and float64), for the
fold tests of issue 19:

  conv1d_linear   Conv1d -> BatchNorm1d -> ReLU -> Flatten -> Linear
                  -> BatchNorm1d -> ReLU (1-D convs and Linear + BatchNorm1d:
                  the importer puts reshapes between each and its BatchNorm)

  conv_shift      Conv2d without bias -> + a per-channel [C, 1, 1] shift
                  parameter -> ReLU6 (an exporter's separate bias: ONNX Add
                  of a constant, Clip): the shift folds into the conv's bias

  conv_scale      Conv2d -> BatchNorm2d -> * scale + shift ([C, 1, 1]
                  parameters, a Caffe-style Scale layer) -> / divisor
                  ([C, 1, 1]) -> ReLU, then a run-time product and difference
                  with a second conv: (y * gate(x)) - y. The chain folds into
                  one conv; the run-time Mul and Sub stay and run

  input_norm      (x - mean) / std (ImageNet's per-channel constants) ->
                  Conv2d (padding 1, stride 2) -> BatchNorm2d -> ReLU ->
                  BatchNorm2d -> Conv2d (padding 1, groups 2): the
                  normalization folds into the first conv and the second
                  BatchNorm into the second conv (after a ReLU it cannot
                  fold backwards), each padding its input channels with the
                  value that normalizes to 0

  deconv          an upsampling block: ConvTranspose2d (stride 2, padding
                  1, output_padding 1, groups 2, dilation 1) -> BatchNorm2d
                  -> ReLU6, then ConvTranspose2d (dilation 2, padding 2) ->
                  BatchNorm2d -> ReLU, and a ConvTranspose1d (stride 3) ->
                  BatchNorm1d -> ReLU branch; every BatchNorm folds along the
                  transposed filter's axis 1 per group

  make_fold_models.py --model conv1d_linear|conv_shift|conv_scale|input_norm|
                      deconv --out DIR

Writes DIR/model.onnx, DIR/input_0.npy, DIR/output_0.npy and
DIR/output_0_f64.npy. BatchNorm statistics and affine parameters are random
and far from the identity, so that a fold that is skipped or wrong shows.
"""

import argparse
import copy
import os

import numpy as np
import torch
from torch import nn


class Conv1dLinear(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm1d(8)
        self.linear = nn.Linear(8 * 16, 10)
        self.bn2 = nn.BatchNorm1d(10)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv(x)))
        return torch.relu(self.bn2(self.linear(y.flatten(1))))


class ConvShift(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, padding=1, bias=False)
        self.shift = nn.Parameter(torch.empty(6, 1, 1).uniform_(-2.0, 2.0))

    def forward(self, x):
        return torch.clamp(self.conv(x) + self.shift, 0.0, 6.0)


class ConvScale(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.bn = nn.BatchNorm2d(6)
        sign = torch.where(torch.rand(6, 1, 1) < 0.5, -1.0, 1.0)
        self.scale = nn.Parameter(sign * torch.empty(6, 1, 1).uniform_(0.5, 2))
        self.shift = nn.Parameter(torch.empty(6, 1, 1).uniform_(-1.0, 1.0))
        self.divisor = nn.Parameter(torch.empty(6, 1, 1).uniform_(0.25, 4.0))
        self.gate = nn.Conv2d(3, 6, 1)

    def forward(self, x):
        y = self.bn(self.conv(x)) * self.scale + self.shift
        y = torch.relu(y / self.divisor)
        return y * self.gate(x) - y


class InputNorm(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer(
            "mean", torch.tensor([0.485, 0.456, 0.406]).reshape(3, 1, 1))
        self.register_buffer(
            "std", torch.tensor([0.229, 0.224, 0.225]).reshape(3, 1, 1))
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.bn2 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, groups=2)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1((x - self.mean) / self.std)))
        return self.conv2(self.bn2(y))


class Deconv(nn.Module):
    def __init__(self):
        super().__init__()
        self.up1 = nn.ConvTranspose2d(8, 6, 3, stride=2, padding=1,
                                      output_padding=1, groups=2)
        self.bn1 = nn.BatchNorm2d(6)
        self.up2 = nn.ConvTranspose2d(6, 4, 3, padding=2, dilation=2,
                                      bias=False)
        self.bn2 = nn.BatchNorm2d(4)
        self.up1d = nn.ConvTranspose1d(8, 5, 4, stride=3, padding=1)
        self.bn1d = nn.BatchNorm1d(5)

    def forward(self, x):
        y = nn.functional.relu6(self.bn1(self.up1(x)))
        y = torch.relu(self.bn2(self.up2(y)))
        z = torch.relu(self.bn1d(self.up1d(x.reshape(2, 8, 30))))
        return torch.cat([y.flatten(1), z.flatten(1)], dim=1)


MODELS = {"conv1d_linear": (Conv1dLinear, (2, 4, 16)),
          "conv_shift": (ConvShift, (2, 3, 8, 8)),
          "conv_scale": (ConvScale, (2, 3, 8, 8)),
          "input_norm": (InputNorm, (2, 3, 16, 16)),
          "deconv": (Deconv, (2, 8, 5, 6))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.manual_seed(0)
    make, shape = MODELS[args.model]
    model = make().eval()
    with torch.no_grad():
        for bn in (m for m in model.modules()
                   if isinstance(m, nn.modules.batchnorm._BatchNorm)):
            bn.running_mean.uniform_(-0.5, 0.5)
            bn.running_var.uniform_(0.25, 4.0)
            bn.weight.uniform_(-1.5, 1.5)
            bn.bias.uniform_(-0.3, 0.3)
    os.makedirs(args.out, exist_ok=True)
    x = torch.randn(*shape)
    # PRESERVE with the model in eval mode keeps BatchNormalization in the
    # graph (EVAL would fold it into the conv/linear in the exporter).
    torch.onnx.export(model, x, os.path.join(args.out, "model.onnx"),
                      opset_version=13, input_names=["input"],
                      output_names=["output"], do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE)
    with torch.no_grad():
        y = model(x)
        y64 = copy.deepcopy(model).double()(x.double())
    np.save(os.path.join(args.out, "input_0.npy"), x.numpy())
    np.save(os.path.join(args.out, "output_0.npy"), y.numpy())
    np.save(os.path.join(args.out, "output_0_f64.npy"), y64.numpy())


if __name__ == "__main__":
    main()
