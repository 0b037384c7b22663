"""Integration test cases: qfold IR, inputs, and expected outputs computed
by qfold_ref (independently of the C++ code under test)."""

import math

import qfold_ref as ref


class Tensor:
    def __init__(self, dtype, shape, values):
        self.dtype, self.shape, self.values = dtype, list(shape), list(values)


class Case:
    def __init__(self, mlir, inputs, expected, atol=0.0, rtol=0.0,
                 args=(), also_unfolded=True):
        self.mlir = mlir
        self.inputs = inputs
        self.expected = expected
        self.atol, self.rtol = atol, rtol
        self.args = list(args)
        # Also run with --no-fold and expect the same results.
        self.also_unfolded = also_unfolded


def ttype(shape, element):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + element + ">"


def dense(values, shape, fmt):
    def nest(offset, dims):
        if not dims:
            return fmt(values[offset])
        stride = ref.numel(dims[1:])
        return "[" + ", ".join(nest(offset + i * stride, dims[1:])
                               for i in range(dims[0])) + "]"
    return "dense<" + nest(0, shape) + ">"


def rand_f32(rng, n, lo=-1.0, hi=1.0):
    return [ref.f32(rng.uniform(lo, hi)) for _ in range(n)]


def attrs_text(strides, dilations, pads, groups, extra=()):
    parts = ["strides = array<i64: %d, %d>" % tuple(strides),
             "dilations = array<i64: %d, %d>" % tuple(dilations),
             "pads = array<i64: %d, %d, %d, %d>" % tuple(pads),
             "groups = %d" % groups]
    parts += list(extra)
    return "{" + ", ".join(parts) + "}"


# --- float convolutions ------------------------------------------------------

def float_conv(rng, n=1, c=3, h=7, w=7, o=4, k=(3, 3), strides=(1, 1),
               dilations=(1, 1), pads=(0, 0, 0, 0), groups=1, bias=True,
               activation=None, weights_as_args=False, dynamic_batch=False):
    """conv2d [-> relu | clamp(lo, hi)] in f32; with `dynamic_batch` the
    function takes and returns tensors of batch `?`."""
    kh, kw = k
    xshape, wshape = [n, c, h, w], [o, c // groups, kh, kw]
    x = rand_f32(rng, ref.numel(xshape))
    wt = rand_f32(rng, ref.numel(wshape))
    b = rand_f32(rng, o) if bias else [0.0] * o
    acc, oshape = ref.conv2d(x, xshape, wt, wshape, strides, dilations, pads,
                             groups, acc_init=b)
    lo, hi = -math.inf, math.inf
    if activation == "relu":
        lo = 0.0
    elif activation:
        lo, hi = activation
    expected = [min(max(v, lo), hi) for v in acc]

    batch = ["?"] if dynamic_batch else []
    xt, wtt, bt, ot = (ttype(batch + xshape[len(batch):], "f32"),
                       ttype(wshape, "f32"), ttype([o], "f32"),
                       ttype(batch + oshape[len(batch):], "f32"))
    params = ["%x: " + xt]
    body = []
    inputs = [Tensor("f32", xshape, x)]
    if weights_as_args:
        params.append("%w: " + wtt)
        inputs.append(Tensor("f32", wshape, wt))
        if bias:
            params.append("%b: " + bt)
            inputs.append(Tensor("f32", [o], b))
    else:
        body.append("  %%w = arith.constant %s : %s"
                    % (dense(wt, wshape, ref.f32_text), wtt))
        if bias:
            body.append("  %%b = arith.constant %s : %s"
                        % (dense(b, [o], ref.f32_text), bt))
    operands = "%x, %w" + (", %b" if bias else "")
    types = "(%s, %s%s)" % (xt, wtt, ", " + bt if bias else "")
    body.append("  %%0 = qfold.conv2d %s %s : %s -> %s" % (
        operands, attrs_text(strides, dilations, pads, groups), types, ot))
    result = "%0"
    if activation == "relu":
        body.append("  %%1 = qfold.relu %%0 : %s" % ot)
        result = "%1"
    elif activation:
        body.append("  %%1 = qfold.clamp %%0 {min = %s : f32, max = %s : f32}"
                    " : %s" % (ref.f32_text(lo), ref.f32_text(hi), ot))
        result = "%1"
    mlir = "func.func @main(%s) -> %s {\n%s\n  return %s : %s\n}\n" % (
        ", ".join(params), ot, "\n".join(body), result, ot)
    return Case(mlir, inputs, [Tensor("f32", oshape, expected)],
                atol=1e-5, rtol=1e-5)


def float_batch_norm(rng, shape=(2, 3, 4, 5), eps=1e-3):
    c = shape[1]
    x = rand_f32(rng, ref.numel(shape), -2.0, 2.0)
    gamma = rand_f32(rng, c, -1.5, 1.5)
    beta = rand_f32(rng, c)
    mean = rand_f32(rng, c)
    var = rand_f32(rng, c, 0.01, 2.0)
    eps = ref.f32(eps)
    expected = ref.channelwise(
        x, list(shape),
        lambda v, ch: (v - mean[ch]) / math.sqrt(var[ch] + eps) * gamma[ch]
        + beta[ch])
    xt, pt = ttype(shape, "f32"), ttype([c], "f32")
    consts = "\n".join("  %%%s = arith.constant %s : %s"
                       % (name, dense(vals, [c], ref.f32_text), pt)
                       for name, vals in (("g", gamma), ("b", beta),
                                          ("m", mean), ("v", var)))
    mlir = ("func.func @main(%%x: %s) -> %s {\n%s\n"
            "  %%0 = qfold.batch_norm %%x, %%g, %%b, %%m, %%v "
            "{epsilon = %s : f32} : %s, %s\n  return %%0 : %s\n}\n"
            % (xt, xt, consts, ref.f32_text(eps), xt, pt, xt))
    return Case(mlir, [Tensor("f32", shape, x)],
                [Tensor("f32", shape, expected)], atol=1e-5, rtol=1e-5)


def float_activation(rng, op):
    shape = [2, 3, 5]
    x = rand_f32(rng, ref.numel(shape), -8.0, 8.0)
    xt = ttype(shape, "f32")
    if op == "relu":
        line, fn = "qfold.relu %x : " + xt, lambda v: max(v, 0.0)
    else:
        line = "qfold.clamp %x {min = -1.5 : f32, max = 6.0 : f32} : " + xt
        fn = lambda v: min(max(v, -1.5), 6.0)
    mlir = ("func.func @main(%%x: %s) -> %s {\n  %%0 = %s\n"
            "  return %%0 : %s\n}\n" % (xt, xt, line, xt))
    return Case(mlir, [Tensor("f32", shape, x)],
                [Tensor("f32", shape, [fn(v) for v in x])])


# --- quantized convolutions --------------------------------------------------

def f32_exact_text(scale):
    """The exact decimal of an f32 scale. !quant.uniform keeps its scale as
    a double: the 9 significant digits of ref.f32_text give a double near
    but not equal to the f32, which moves Q31 multipliers computed from
    several scales (qfold.add) by a few units."""
    scale = ref.f32(scale)
    assert float(repr(scale)) == scale
    return repr(scale)


def qtype(storage, scale, zp):
    return "!quant.uniform<%s:f32, %s:%d>" % (storage, f32_exact_text(scale),
                                              zp)


def qtype_per_axis(storage, scales, zps):
    return "!quant.uniform<%s:f32:0, {%s}>" % (storage, ", ".join(
        "%s:%d" % (f32_exact_text(s), z) for s, z in zip(scales, zps)))


def storage_range(dtype):
    return (0, 255) if dtype == "u8" else (-128, 127)


def rand_storage(rng, dtype, n):
    lo, hi = storage_range(dtype)
    return [rng.randint(lo, hi) for _ in range(n)]


def as_i8_bits(v):
    return v - 256 if v > 127 else v


def quant_conv(rng, n=1, c=4, h=6, w=6, o=6, k=(3, 3), strides=(1, 1),
               dilations=(1, 1), pads=(1, 1, 1, 1), groups=1,
               x_dtype="u8", x_scale=0.05, x_zp=128,
               w_dtype="i8", w_scales=(0.02,), w_zps=(0,),
               out_dtype="u8", out_scale=0.1, out_zp=100,
               bias=True, bias_span=3000, w_span=None, activation=None,
               mode="tflite", weights_as_args=False, requant_attr=False):
    """Quantized conv2d [-> relu | relu6 of the same type], checked bit for
    bit against the integer reference. `w_scales`/`w_zps` with one entry are
    per tensor, otherwise per output channel. Weights are random over the
    storage range, or within `w_span` of their zero point; biases within
    `bias_span` of 0."""
    kh, kw = k
    xshape, wshape = [n, c, h, w], [o, c // groups, kh, kw]
    x = rand_storage(rng, x_dtype, ref.numel(xshape))
    per_axis = len(w_scales) > 1
    scales = [ref.f32(s) for s in (w_scales if per_axis else w_scales * o)]
    zps = list(w_zps) if per_axis else list(w_zps) * o
    if w_span is None:
        wt = rand_storage(rng, w_dtype, ref.numel(wshape))
    else:
        per_channel = ref.numel(wshape) // o
        wt = [zps[i // per_channel] + rng.randint(-w_span, w_span)
              for i in range(ref.numel(wshape))]
    x_scale, out_scale = ref.f32(x_scale), ref.f32(out_scale)
    b = ([rng.randint(-bias_span, bias_span) for _ in range(o)] if bias
         else [0] * o)
    acc, oshape = ref.conv2d(x, xshape, wt, wshape, strides, dilations, pads,
                             groups, x_zp=x_zp, w_zp=zps, acc_init=b)
    qmin, qmax = (storage_range(out_dtype) if out_dtype != "i32"
                  else (ref.INT32_MIN, ref.INT32_MAX))
    lo, hi = qmin, qmax
    if activation == "relu":
        lo = max(qmin, out_zp)
    elif activation == "relu6":
        lo = max(qmin, out_zp)
        hi = ref.quantize_bound(6.0, out_scale, out_zp, qmin, qmax)
    expected = []
    inner = ref.numel(oshape[2:])
    for i, a in enumerate(acc):
        oc = (i // inner) % o
        if out_dtype == "i32":
            expected.append(ref.wrap_i32(a))
        elif mode == "tflite":
            m = x_scale * scales[oc] / out_scale
            expected.append(ref.requant_tflite(a, m, out_zp, lo, hi))
        else:
            m = ref.onnx_multiplier(x_scale, scales[oc], out_scale)
            expected.append(ref.requant_onnx(a, m, out_zp, lo, hi))

    xq = qtype(x_dtype, x_scale, x_zp)
    wq = (qtype_per_axis(w_dtype, scales, zps) if per_axis
          else qtype(w_dtype, scales[0], zps[0]))
    oq = "i32" if out_dtype == "i32" else qtype(out_dtype, out_scale, out_zp)
    xt, wtt = ttype(xshape, xq), ttype(wshape, wq)
    bt, ot = ttype([o], "i32"), ttype(oshape, oq)
    params = ["%x: " + xt]
    inputs = [Tensor(x_dtype, xshape, x)]
    body = []
    if weights_as_args:
        params.append("%w: " + wtt)
        inputs.append(Tensor(w_dtype, wshape, wt))
        if bias:
            params.append("%b: " + bt)
            inputs.append(Tensor("i32", [o], b))
    else:
        body.append("  %%wi = arith.constant %s : %s" % (
            dense([as_i8_bits(v) for v in wt], wshape, str),
            ttype(wshape, "i8")))
        body.append("  %%w = quant.scast %%wi : %s to %s"
                    % (ttype(wshape, "i8"), wtt))
        if bias:
            body.append("  %%b = arith.constant %s : %s"
                        % (dense(b, [o], str), bt))
    extra = []
    if requant_attr:
        extra.append("requant_mode = #qfold.requant_mode<%s>" % mode)
    operands = "%x, %w" + (", %b" if bias else "")
    types = "(%s, %s%s)" % (xt, wtt, ", " + bt if bias else "")
    body.append("  %%0 = qfold.conv2d %s %s : %s -> %s" % (
        operands, attrs_text(strides, dilations, pads, groups, extra), types,
        ot))
    result = "%0"
    if activation == "relu":
        body.append("  %%1 = qfold.relu %%0 : %s" % ot)
        result = "%1"
    elif activation == "relu6":
        body.append("  %%1 = qfold.clamp %%0 {min = 0.0 : f32, max = 6.0 : f32}"
                    " : %s" % ot)
        result = "%1"
    mlir = "func.func @main(%s) -> %s {\n%s\n  return %s : %s\n}\n" % (
        ", ".join(params), ot, "\n".join(body), result, ot)
    args = [] if requant_attr or out_dtype == "i32" else [
        "--requant-mode=" + mode]
    return Case(mlir, inputs, [Tensor(out_dtype, oshape, expected)],
                args=args)


def quant_conv_relu_other_type(rng, mode):
    """conv2d into type T1 -> relu into type T2, folded into one conv that
    requantizes straight into T2. Checked against the exact real-valued
    result (not the unfolded program, which rounds twice: into T1, then into
    T2): within half a step of T2 plus the multiplier's own rounding."""
    xshape, wshape = [1, 4, 6, 10], [16, 4, 3, 3]
    x = rand_storage(rng, "u8", ref.numel(xshape))
    wt = rand_storage(rng, "i8", ref.numel(wshape))
    x_scale = ref.f32(0.05)
    w_scales = [ref.f32(0.002 + 0.0003 * i) for i in range(16)]
    s1, zp1, s2, zp2 = ref.f32(0.1), 100, ref.f32(0.037), -100
    b = [rng.randint(-3000, 3000) for _ in range(16)]
    acc, oshape = ref.conv2d(x, xshape, wt, wshape, (1, 1), (1, 1),
                             (1, 1, 1, 1), 1, x_zp=128, w_zp=[0] * 16,
                             acc_init=b)
    inner = ref.numel(oshape[2:])
    expected = []
    for i, a in enumerate(acc):
        real = x_scale * w_scales[(i // inner) % 16] * a
        # T1's saturation is a clamp the folded program keeps; then relu.
        real = min(max(real, s1 * (0 - zp1)), s1 * (255 - zp1))
        expected.append(min(max(zp2 + max(real, 0.0) / s2, -128.0), 127.0))
    t1, t2 = qtype("u8", s1, zp1), qtype("i8", s2, zp2)
    xt = ttype(xshape, qtype("u8", x_scale, 128))
    wtt = ttype(wshape, qtype_per_axis("i8", w_scales, [0] * 16))
    bt, ot1, ot2 = ttype([16], "i32"), ttype(oshape, t1), ttype(oshape, t2)
    mlir = "\n".join([
        "func.func @main(%%x: %s) -> %s {" % (xt, ot2),
        "  %%wi = arith.constant %s : %s" % (dense(wt, wshape, str),
                                            ttype(wshape, "i8")),
        "  %%w = quant.scast %%wi : %s to %s" % (ttype(wshape, "i8"), wtt),
        "  %%b = arith.constant %s : %s" % (dense(b, [16], str), bt),
        "  %%0 = qfold.conv2d %%x, %%w, %%b {pads = array<i64: 1, 1, 1, 1>}"
        " : (%s, %s, %s) -> %s" % (xt, wtt, bt, ot1),
        "  %%1 = qfold.relu %%0 {requant_mode = #qfold.requant_mode<%s>}"
        " : %s -> %s" % (mode, ot1, ot2),
        "  return %%1 : %s" % ot2, "}", ""])
    # The multiplier's own rounding: onnx's f32 multiplier is exact to 2^-24
    # relative (below 1e-4 of a step within 255 steps); tflite's
    # MultiplyByQuantizedMultiplier rounds twice, to an integer of
    # 2^-right_shift steps and then by the shift, so up to 2^-(right_shift+1)
    # more: the multipliers here are below 2^-6 (right shift >= 6).
    assert max(x_scale * w / s2 for w in w_scales) < 2**-6
    slack = 2**-7 if mode == "tflite" else 0.0
    return Case(mlir, [Tensor("u8", xshape, x)],
                [Tensor("i8", oshape, expected)], atol=0.5 + slack + 1e-4,
                also_unfolded=False)


def quant_requantizing_relu(rng, mode, op="relu", shape=(256,)):
    """Every u8 value through a relu/relu6 that changes scale and zero point
    (in_scale / out_scale > 1: the requantization shifts left first)."""
    in_scale, in_zp = ref.f32(0.07), 131
    out_scale, out_zp = ref.f32(0.03), -20
    x = list(range(256))
    assert ref.numel(shape) == 256
    it = ttype(list(shape), qtype("u8", in_scale, in_zp))
    ot = ttype(list(shape), qtype("i8", out_scale, out_zp))
    lo = max(-128, out_zp)
    hi = 127 if op == "relu" else ref.quantize_bound(6.0, out_scale, out_zp,
                                                     -128, 127)
    expected = []
    for q in x:
        if mode == "tflite":
            expected.append(ref.requant_tflite(q - in_zp, in_scale / out_scale,
                                               out_zp, lo, hi))
        else:
            real = ref.dequantize(q, in_scale, in_zp)
            expected.append(min(max(ref.quantize(real, out_scale, out_zp,
                                                 -128, 127), lo), hi))
    line = ("qfold.relu %%x : %s -> %s" % (it, ot) if op == "relu" else
            "qfold.clamp %%x {min = 0.0 : f32, max = 6.0 : f32} : %s -> %s"
            % (it, ot))
    mlir = ("func.func @main(%%x: %s) -> %s {\n  %%0 = %s\n"
            "  return %%0 : %s\n}\n" % (it, ot, line, ot))
    return Case(mlir, [Tensor("u8", list(shape), x)],
                [Tensor("i8", list(shape), expected)],
                args=["--requant-mode=" + mode])


def quant_same_type_activation(rng, dtype, zp, op):
    scale = ref.f32(0.05)
    lo_s, hi_s = storage_range(dtype)
    x = list(range(lo_s, hi_s + 1))
    t = ttype([len(x)], qtype(dtype, scale, zp))
    lo = max(lo_s, zp)
    hi = hi_s if op == "relu" else ref.quantize_bound(6.0, scale, zp, lo_s,
                                                      hi_s)
    line = ("qfold.relu %%x : %s" % t if op == "relu" else
            "qfold.clamp %%x {min = 0.0 : f32, max = 6.0 : f32} : %s" % t)
    mlir = ("func.func @main(%%x: %s) -> %s {\n  %%0 = %s\n"
            "  return %%0 : %s\n}\n" % (t, t, line, t))
    return Case(mlir, [Tensor(dtype, [len(x)], x)],
                [Tensor(dtype, [len(x)], [min(max(v, lo), hi) for v in x])])


def qdq_conv_bn(rng, gamma, beta, x_scale=0.1, w_scale=0.05, y_scale=0.01,
                y_zp=10, atol=0):
    """DQ(x), DQ(w) -> conv2d -> batch_norm -> Q, fused into one integer conv
    by qfold-run (unfused with --no-fold). Expected: the real-valued result
    computed here in double, quantized once (round half to even)."""
    o = len(gamma)
    xshape, wshape = [1, 3, 5, 5], [o, 3, 3, 3]
    x = rand_storage(rng, "u8", ref.numel(xshape))
    wt = rand_storage(rng, "i8", ref.numel(wshape))
    mean = rand_f32(rng, o)
    var = rand_f32(rng, o, 0.5, 2.0)
    eps = ref.f32(1e-3)
    gamma, beta = [ref.f32(g) for g in gamma], [ref.f32(b) for b in beta]
    x_scale, w_scale, y_scale = (ref.f32(v) for v in (x_scale, w_scale,
                                                      y_scale))
    acc, oshape = ref.conv2d(x, xshape, wt, wshape, (1, 1), (1, 1),
                             (1, 1, 1, 1), 1, x_zp=128)
    inner = ref.numel(oshape[2:])
    expected = []
    for i, a in enumerate(acc):
        c = (i // inner) % o
        real = x_scale * w_scale * a
        s = gamma[c] / math.sqrt(var[c] + eps)
        y = s * (real - mean[c]) + beta[c]
        expected.append(min(max(y_zp + round(y / y_scale), 0), 255))
    xq, wq = qtype("u8", x_scale, 128), qtype("i8", w_scale, 0)
    yq = qtype("u8", y_scale, y_zp)
    xt, wt_t, yt = ttype(xshape, xq), ttype(wshape, wq), ttype(oshape, yq)
    xf, wf, cf = (ttype(xshape, "f32"), ttype(wshape, "f32"),
                  ttype(oshape, "f32"))
    pt = ttype([o], "f32")
    body = ["  %%wi = arith.constant %s : %s"
            % (dense(wt, wshape, str), ttype(wshape, "i8")),
            "  %%wq = quant.scast %%wi : %s to %s"
            % (ttype(wshape, "i8"), wt_t),
            "  %%w = quant.dcast %%wq : %s to %s" % (wt_t, wf),
            "  %%xf = quant.dcast %%x : %s to %s" % (xt, xf),
            "  %%c = qfold.conv2d %%xf, %%w {pads = array<i64: 1, 1, 1, 1>}"
            " : (%s, %s) -> %s" % (xf, wf, cf)]
    for name, vals in (("g", gamma), ("b", beta), ("m", mean), ("v", var)):
        body.append("  %%%s = arith.constant %s : %s"
                    % (name, dense(vals, [o], ref.f32_text), pt))
    body += ["  %%n = qfold.batch_norm %%c, %%g, %%b, %%m, %%v "
             "{epsilon = %s : f32} : %s, %s" % (ref.f32_text(eps), cf, pt),
             "  %%q = quant.qcast %%n : %s to %s" % (cf, yt)]
    mlir = ("func.func @main(%%x: %s) -> %s {\n%s\n  return %%q : %s\n}\n"
            % (xt, yt, "\n".join(body), yt))
    return Case(mlir, [Tensor("u8", xshape, x)],
                [Tensor("u8", oshape, expected)], atol=atol)


def quantize_dequantize(rng, per_axis):
    """quant.qcast then quant.dcast, each checked (ties, saturation, NaN-free
    extremes)."""
    shape = [2, 3, 4]
    x = rand_f32(rng, ref.numel(shape), -20.0, 20.0)
    # Exact ties and out-of-range values.
    x[:6] = [ref.f32(v) for v in (0.25, 0.75, -0.25, 1e9, -1e9, 0.125)]
    if per_axis:
        scales = [ref.f32(s) for s in (0.5, 0.1, 0.25)]
        zps = [3, 128, 0]
        qt = ("!quant.uniform<u8:f32:1, {%s}>" % ", ".join(
            "%s:%d" % (ref.f32_text(s), z) for s, z in zip(scales, zps)))
    else:
        scales, zps = [ref.f32(0.5)] * 3, [7] * 3
        qt = qtype("u8", scales[0], 7)
    inner = shape[2]
    q = [ref.quantize(v, scales[(i // inner) % 3], zps[(i // inner) % 3],
                      0, 255) for i, v in enumerate(x)]
    d = [ref.dequantize(v, scales[(i // inner) % 3], zps[(i // inner) % 3])
         for i, v in enumerate(q)]
    ft, qtt = ttype(shape, "f32"), ttype(shape, qt)
    mlir = ("func.func @main(%%x: %s) -> (%s, %s) {\n"
            "  %%q = quant.qcast %%x : %s to %s\n"
            "  %%d = quant.dcast %%q : %s to %s\n"
            "  return %%q, %%d : %s, %s\n}\n"
            % (ft, qtt, ft, ft, qtt, qtt, ft, qtt, ft))
    return Case(mlir, [Tensor("f32", shape, x)],
                [Tensor("u8", shape, q), Tensor("f32", shape, d)])


# --- add ---------------------------------------------------------------------

def float_binary(rng, ashape, bshape, lo=None, hi=None, then=None,
                 op="add"):
    """f32 add/sub/mul/div (`op`) with broadcasting and a fused clamp
    (`clamp_min`/`clamp_max` attributes; None: absent); with `then` = (lo,
    hi) a separate qfold.clamp follows instead (fused by the folding
    patterns). Bit exact: each result is one f32 rounding of the exact one.
    Divisors are kept away from zero (their magnitudes in [0.5, 4])."""
    a = rand_f32(rng, ref.numel(ashape), -4.0, 4.0)
    if op == "div":
        b = [ref.f32(v if rng.random() < 0.5 else -v)
             for v in rand_f32(rng, ref.numel(bshape), 0.5, 4.0)]
    else:
        b = rand_f32(rng, ref.numel(bshape), -4.0, 4.0)
    flo = -math.inf if lo is None else lo
    fhi = math.inf if hi is None else hi
    expected, oshape = ref.float_binary(op, a, ashape, b, bshape, flo, fhi)
    if then:
        expected = [min(max(v, then[0]), then[1]) for v in expected]
    at, bt, ot = (ttype(ashape, "f32"), ttype(bshape, "f32"),
                  ttype(oshape, "f32"))
    attrs = []
    if lo is not None:
        attrs.append("clamp_min = %s : f32" % ref.f32_text(lo))
    if hi is not None:
        attrs.append("clamp_max = %s : f32" % ref.f32_text(hi))
    body = ["  %%0 = qfold.%s %%a, %%b %s: (%s, %s) -> %s" % (
        op, "{" + ", ".join(attrs) + "} " if attrs else "", at, bt, ot)]
    result = "%0"
    if then:
        body.append("  %%1 = qfold.clamp %%0 {min = %s : f32, max = %s : f32}"
                    " : %s" % (ref.f32_text(then[0]), ref.f32_text(then[1]),
                               ot))
        result = "%1"
    mlir = ("func.func @main(%%a: %s, %%b: %s) -> %s {\n%s\n"
            "  return %s : %s\n}\n" % (at, bt, ot, "\n".join(body), result,
                                        ot))
    return Case(mlir, [Tensor("f32", ashape, a), Tensor("f32", bshape, b)],
                [Tensor("f32", oshape, expected)])


def quant_binary(rng, ashape=(1, 4, 5, 6), bshape=(1, 4, 5, 6),
                 a_dtype="i8", a_scale=0.05, a_zp=-3,
                 b_dtype="i8", b_scale=0.04, b_zp=7,
                 out_dtype="i8", out_scale=0.08, out_zp=2,
                 activation=None, then=None, mode="tflite",
                 requant_attr=False, exhaustive=False, op="add"):
    """Per-tensor quantized add/sub/mul/div (`op`) with broadcasting, checked
    bit for bit against ref.quantized_binary. `activation` is the fused integer clamp:
    "relu" (clamp_min = out_zp), "relu6" (the bounds of [0, 6] in the result
    type) or an explicit (lo, hi); `then` ("relu" or "relu6") applies it as a
    separate same-type qfold.relu/qfold.clamp instead (fused when folding).
    With `exhaustive` the operands are every storage value of their types,
    [256, 1] + [1, 256]: all pairs."""
    if exhaustive:
        ashape, bshape = (256, 1), (1, 256)
        a = list(range(storage_range(a_dtype)[0],
                       storage_range(a_dtype)[1] + 1))
        b = list(range(storage_range(b_dtype)[0],
                       storage_range(b_dtype)[1] + 1))
    else:
        a = rand_storage(rng, a_dtype, ref.numel(ashape))
        b = rand_storage(rng, b_dtype, ref.numel(bshape))
    ashape, bshape = list(ashape), list(bshape)
    a_scale, b_scale, out_scale = (ref.f32(v) for v in (a_scale, b_scale,
                                                        out_scale))
    qmin, qmax = storage_range(out_dtype)
    relu6_hi = ref.quantize_bound(6.0, out_scale, out_zp, qmin, qmax)
    lo, hi, attrs = qmin, qmax, []
    if activation == "relu":
        lo = out_zp
        attrs.append("clamp_min = %d : i64" % lo)
    elif activation == "relu6":
        lo, hi = out_zp, relu6_hi
        attrs += ["clamp_min = %d : i64" % lo, "clamp_max = %d : i64" % hi]
    elif activation:
        lo, hi = activation
        attrs += ["clamp_min = %d : i64" % lo, "clamp_max = %d : i64" % hi]
    if then == "relu":
        lo = max(lo, max(qmin, out_zp))
    elif then == "relu6":
        lo, hi = max(lo, max(qmin, out_zp)), min(hi, relu6_hi)
    if requant_attr:
        attrs.append("requant_mode = #qfold.requant_mode<%s>" % mode)
    # A div has one quantized arithmetic (f32) whatever the pipeline's mode.
    ref_mode = "onnx" if op == "div" else mode
    expected, oshape = ref.quantized_binary(
        op, a, ashape, a_scale, a_zp, b, bshape, b_scale, b_zp, out_scale,
        out_zp, qmin, qmax, lo, hi, ref_mode)
    at = ttype(ashape, qtype(a_dtype, a_scale, a_zp))
    bt = ttype(bshape, qtype(b_dtype, b_scale, b_zp))
    ot = ttype(oshape, qtype(out_dtype, out_scale, out_zp))
    body = ["  %%0 = qfold.%s %%a, %%b %s: (%s, %s) -> %s" % (
        op, "{" + ", ".join(attrs) + "} " if attrs else "", at, bt, ot)]
    result = "%0"
    if then == "relu":
        body.append("  %%1 = qfold.relu %%0 : %s" % ot)
        result = "%1"
    elif then == "relu6":
        body.append("  %%1 = qfold.clamp %%0 {min = 0.0 : f32, max = 6.0 : f32}"
                    " : %s" % ot)
        result = "%1"
    mlir = ("func.func @main(%%a: %s, %%b: %s) -> %s {\n%s\n"
            "  return %s : %s\n}\n" % (at, bt, ot, "\n".join(body), result,
                                        ot))
    args = [] if requant_attr else ["--requant-mode=" + mode]
    return Case(mlir, [Tensor(a_dtype, ashape, a), Tensor(b_dtype, bshape, b)],
                [Tensor(out_dtype, oshape, expected)], args=args)


# --- pooling -----------------------------------------------------------------

def pool_attrs(kernel, strides, dilations, pads, ceil_mode,
               count_include_pad=None):
    parts = ["kernel = array<i64: %d, %d>" % tuple(kernel),
             "strides = array<i64: %d, %d>" % tuple(strides)]
    if dilations is not None:
        parts.append("dilations = array<i64: %d, %d>" % tuple(dilations))
    parts.append("pads = array<i64: %d, %d, %d, %d>" % tuple(pads))
    parts.append("ceil_mode = %s" % ("true" if ceil_mode else "false"))
    if count_include_pad is not None:
        parts.append("count_include_pad = %s"
                     % ("true" if count_include_pad else "false"))
    return "{" + ", ".join(parts) + "}"


def float_pool(rng, op, shape=(1, 3, 9, 9), kernel=(3, 3), strides=(2, 2),
               dilations=(1, 1), pads=(1, 1, 1, 1), ceil_mode=False,
               count_include_pad=False, lo=-1.0, hi=1.0):
    """f32 max_pool2d (exact) or avg_pool2d (against the double mean). Max
    pools default to negative inputs, so a padding of 0 would win."""
    shape = list(shape)
    x = rand_f32(rng, ref.numel(shape), lo, hi)
    if op == "max":
        expected, oshape = ref.max_pool2d(x, shape, kernel, strides,
                                          dilations, pads, ceil_mode)
        attrs = pool_attrs(kernel, strides, dilations, pads, ceil_mode)
        tol = 0.0
    else:
        expected, oshape = ref.avg_pool2d(x, shape, kernel, strides, pads,
                                          ceil_mode, count_include_pad)
        attrs = pool_attrs(kernel, strides, None, pads, ceil_mode,
                           count_include_pad)
        tol = 1e-6
    xt, ot = ttype(shape, "f32"), ttype(oshape, "f32")
    mlir = ("func.func @main(%%x: %s) -> %s {\n"
            "  %%0 = qfold.%s_pool2d %%x %s : %s -> %s\n"
            "  return %%0 : %s\n}\n" % (xt, ot, op, attrs, xt, ot, ot))
    return Case(mlir, [Tensor("f32", shape, x)],
                [Tensor("f32", oshape, expected)], atol=tol, rtol=tol * 10)


def quant_max_pool(rng, dtype, zp, value_range=None, shape=(1, 3, 9, 9),
                   kernel=(3, 3), strides=(2, 2), dilations=(1, 1),
                   pads=(1, 1, 1, 1), ceil_mode=False, scale=0.05):
    """Quantized max_pool2d: the maximum of the stored integers, of the
    input's type. `value_range` (below the zero point, and for i8 below 0)
    makes a padding by the zero point or by 0 win wherever it were read."""
    shape = list(shape)
    qlo, qhi = value_range or storage_range(dtype)
    x = [rng.randint(qlo, qhi) for _ in range(ref.numel(shape))]
    expected, oshape = ref.max_pool2d(x, shape, kernel, strides, dilations,
                                      pads, ceil_mode)
    q = qtype(dtype, ref.f32(scale), zp)
    xt, ot = ttype(shape, q), ttype(oshape, q)
    mlir = ("func.func @main(%%x: %s) -> %s {\n"
            "  %%0 = qfold.max_pool2d %%x %s : %s -> %s\n"
            "  return %%0 : %s\n}\n"
            % (xt, ot, pool_attrs(kernel, strides, dilations, pads,
                                  ceil_mode), xt, ot, ot))
    return Case(mlir, [Tensor(dtype, shape, x)],
                [Tensor(dtype, oshape, expected)])


def quant_avg_pool(rng, in_dtype, in_scale, in_zp, out_dtype, out_scale,
                   out_zp, mode, shape=(1, 3, 7, 7), kernel=(7, 7),
                   strides=(1, 1), pads=(0, 0, 0, 0), count_include_pad=False):
    """Quantized avg_pool2d: the exact sum of (x - in_zp) over each window,
    requantized once with in_scale / (count * out_scale) in `mode`."""
    shape = list(shape)
    x = rand_storage(rng, in_dtype, ref.numel(shape))
    oshape, windows = ref.pool2d_windows(shape, kernel, strides, (1, 1), pads,
                                         False)
    xs = ref.strides(shape)
    lo, hi = storage_range(out_dtype)
    expected = []
    for b, ch, inside, padded in windows:
        total = sum(x[b * xs[0] + ch * xs[1] + iy * xs[2] + ix] - in_zp
                    for iy, ix in inside)
        count = padded if count_include_pad else len(inside)
        m = ref.f32(in_scale) / (count * ref.f32(out_scale))
        expected.append(ref.requant_onnx(total, ref.f32(m), out_zp, lo, hi)
                        if mode == "onnx" else
                        ref.requant_tflite(total, m, out_zp, lo, hi))
    it = qtype(in_dtype, in_scale, in_zp)
    ot = qtype(out_dtype, out_scale, out_zp)
    xt, rt = ttype(shape, it), ttype(oshape, ot)
    attrs = pool_attrs(kernel, strides, None, pads, False, count_include_pad)
    mlir = ("func.func @main(%%x: %s) -> %s {\n"
            "  %%0 = qfold.avg_pool2d %%x %s : %s -> %s\n"
            "  return %%0 : %s\n}\n" % (xt, rt, attrs, xt, rt, rt))
    return Case(mlir, [Tensor(in_dtype, shape, x)],
                [Tensor(out_dtype, oshape, expected)],
                args=["--requant-mode=" + mode])


# --- the registry ------------------------------------------------------------

CASES = {
    "conv_basic": lambda r: float_conv(r),
    "conv_strided": lambda r: float_conv(r, h=9, w=8, strides=(2, 3)),
    "conv_padded": lambda r: float_conv(r, pads=(1, 1, 1, 1)),
    "conv_asymmetric_pads": lambda r: float_conv(r, pads=(0, 2, 1, 0),
                                                 strides=(2, 1)),
    "conv_dilated": lambda r: float_conv(r, h=9, w=9, dilations=(2, 3),
                                         pads=(1, 2, 1, 2)),
    "conv_grouped": lambda r: float_conv(r, c=4, o=6, groups=2,
                                         pads=(1, 1, 1, 1)),
    # Groups of 8+ output channels: one vectorized convolution per group,
    # each with its slice of the epilogue (or none: no bias, no clamp);
    # filters constant (re-laid at compile time) or arguments.
    "conv_grouped_wide": lambda r: float_conv(r, c=8, o=16, groups=2, h=6,
                                              w=10, pads=(1, 1, 1, 1),
                                              activation="relu"),
    "conv_grouped_wide_args": lambda r: float_conv(
        r, c=8, o=32, groups=4, h=5, w=9, bias=False, weights_as_args=True),
    "conv_depthwise": lambda r: float_conv(r, c=5, o=5, groups=5,
                                           pads=(1, 1, 1, 1)),
    "conv_depthwise_multiplier": lambda r: float_conv(r, c=3, o=6, groups=3,
                                                      strides=(2, 2)),
    "conv_no_bias": lambda r: float_conv(r, bias=False, k=(1, 3)),
    "conv_batch2_relu": lambda r: float_conv(r, n=2, activation="relu"),
    "conv_dynamic_batch": lambda r: float_conv(r, n=3, dynamic_batch=True,
                                               pads=(1, 0, 1, 0)),
    "conv_relu6": lambda r: float_conv(r, activation=(0.0, 0.5)),
    # Depthwise inputs of 256 KiB and more: the convolution is computed as
    # its interior on the unpadded input plus border strips on small padded
    # slices (qfold-tile-and-vectorize-convs).
    "conv_depthwise_large": lambda r: float_conv(r, c=16, o=16, groups=16,
                                                 h=64, w=64, pads=(1, 1, 1, 1),
                                                 activation="relu"),
    "conv_depthwise_large_asymmetric": lambda r: float_conv(
        r, c=16, o=16, groups=16, h=64, w=64, k=(5, 3), pads=(3, 1, 0, 2)),
    # The NCHW boundary's transposes in whole blocks (16x16 on AVX-512 hosts,
    # 8x8 on AVX2) and the remainders of a width of 24 (16x8 and 8x16).
    "conv_boundary_blocks": lambda r: float_conv(r, c=16, o=32, h=3, w=24,
                                                 k=(1, 1)),
    "conv_weights_as_args": lambda r: float_conv(r, groups=3, c=3, o=6,
                                                 weights_as_args=True),
    "batch_norm": lambda r: float_batch_norm(r),
    "relu": lambda r: float_activation(r, "relu"),
    "clamp": lambda r: float_activation(r, "clamp"),

    "qconv_u8_per_tensor": lambda r: quant_conv(r),
    "qconv_u8_per_channel": lambda r: quant_conv(
        r, w_scales=(0.01, 0.02, 0.03, 0.015, 0.05, 0.005), w_zps=(0,) * 6),
    "qconv_i8_activations": lambda r: quant_conv(
        r, x_dtype="i8", x_zp=-5, out_dtype="i8", out_zp=3),
    "qconv_weight_zero_points": lambda r: quant_conv(
        r, w_scales=(0.01, 0.02, 0.03, 0.015, 0.05, 0.005),
        w_zps=(3, -7, 0, 100, -128, 127)),
    "qconv_u8_weights": lambda r: quant_conv(
        r, w_dtype="u8", w_scales=(0.01,), w_zps=(128,)),
    "qconv_u8_weights_per_channel_zp": lambda r: quant_conv(
        r, w_dtype="u8", w_scales=(0.01, 0.02, 0.03, 0.015, 0.05, 0.005),
        w_zps=(0, 255, 128, 17, 200, 90)),
    "qconv_relu_absorbed": lambda r: quant_conv(r, activation="relu"),
    "qconv_relu6_absorbed": lambda r: quant_conv(r, activation="relu6",
                                                 out_zp=20, out_scale=0.04),
    "qconv_onnx_mode": lambda r: quant_conv(
        r, mode="onnx", w_scales=(0.01, 0.02, 0.03, 0.015, 0.05, 0.005),
        w_zps=(0,) * 6, activation="relu"),
    "qconv_onnx_mode_attr": lambda r: quant_conv(r, mode="onnx",
                                                 requant_attr=True),
    "qconv_grouped_strided": lambda r: quant_conv(
        r, c=4, o=6, groups=2, strides=(2, 1), pads=(0, 1, 2, 1)),
    "qconv_grouped_wide": lambda r: quant_conv(
        r, c=8, o=16, groups=2, h=6, w=10,
        w_scales=tuple(0.01 + 0.001 * i for i in range(16)), w_zps=(0,) * 16,
        activation="relu"),
    "qconv_grouped_wide_args": lambda r: quant_conv(
        r, c=16, o=32, groups=4, h=5, w=9, strides=(2, 1),
        weights_as_args=True, w_zps=(3,)),
    "qconv_depthwise_multiplier": lambda r: quant_conv(
        r, c=3, o=6, groups=3, w_scales=(0.01, 0.02, 0.03, 0.015, 0.05, 0.005),
        w_zps=(1, 2, 3, 4, 5, 6)),
    "qconv_depthwise": lambda r: quant_conv(r, c=4, o=4, groups=4,
                                            dilations=(2, 2), pads=(2, 2, 2, 2)),
    "qconv_no_bias_batch2": lambda r: quant_conv(r, n=2, bias=False),
    "qconv_weights_as_args": lambda r: quant_conv(
        r, weights_as_args=True, w_scales=(0.01, 0.02, 0.03, 0.015, 0.05, 0.005),
        w_zps=(3, -7, 0, 100, -128, 127)),
    "qconv_u8_weights_as_args": lambda r: quant_conv(
        r, weights_as_args=True, w_dtype="u8", w_zps=(131,), bias=False,
        mode="onnx"),
    "qconv_integer_form": lambda r: quant_conv(
        r, out_dtype="i32", w_dtype="u8", w_scales=(1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        w_zps=(0, 255, 128, 17, 200, 90), x_scale=1.0),
    "qconv_integer_form_args": lambda r: quant_conv(
        r, out_dtype="i32", x_dtype="i8", x_zp=-3, weights_as_args=True,
        bias=False),
    # Register tiles of 8+ channels: the vectorized integer paths (AVX2
    # pair dot products for even input channels, widening otherwise), with
    # peeled columns (width 9) and the full i8 weight range.
    # Multipliers above 1 (x_scale * w_scale > out_scale): the TFLite path's
    # left shift and int32 saturation before the doubling high multiply.
    "qconv_multiplier_above_one": lambda r: quant_conv(
        r, out_scale=0.0001, out_zp=100, w_scales=(0.01, 0.02, 0.03, 0.015,
                                                   0.05, 0.005),
        w_zps=(3, -7, 0, 10, -12, 1)),
    "qconv_vector_pairs": lambda r: quant_conv(
        r, c=16, o=32, h=9, w=9, w_scales=tuple(0.01 + 0.001 * i
                                                for i in range(32)),
        w_zps=(0,) * 32, activation="relu"),
    "qconv_vector_pairs_u8_weights": lambda r: quant_conv(
        r, c=8, o=16, h=7, w=11, x_dtype="i8", x_zp=-7, out_dtype="i8",
        out_zp=5, w_dtype="u8", w_scales=(0.01,), w_zps=(131,), mode="onnx"),
    # Output channels a multiple of 8 but not of 16: AVX-512 hosts step over
    # them on ymm (quads or pairs of 8 lanes), not on widened i32 products.
    "qconv_eight_channels": lambda r: quant_conv(
        r, c=4, o=8, h=9, w=11, w_scales=tuple(0.01 + 0.002 * i
                                               for i in range(8)),
        w_zps=(0,) * 8, activation="relu"),
    "qconv_24_channels": lambda r: quant_conv(
        r, c=8, o=24, h=5, w=13, pads=(0, 1, 2, 1)),
    "qconv_boundary_blocks": lambda r: quant_conv(
        r, c=16, o=32, h=3, w=24, k=(1, 1), pads=(0, 0, 0, 0),
        w_scales=tuple(0.01 + 0.001 * i for i in range(32)), w_zps=(0,) * 32),
    "qconv_vector_odd_channels": lambda r: quant_conv(
        r, c=7, o=16, h=6, w=10, strides=(2, 1)),
    # An image's 3 channels, padded to 4 (qfold-pad-conv-channels) with the
    # u8 weights' zero point: the extra channel must add nothing.
    "qconv_image_channels": lambda r: quant_conv(
        r, c=3, o=32, h=9, w=13, k=(7, 7), strides=(2, 2), pads=(3, 3, 3, 3),
        x_dtype="i8", x_zp=-7, w_dtype="u8", w_scales=(0.01,), w_zps=(131,)),
    # The same 3 (padded to 4) channels 16 columns wide: the u8 NCHW input
    # transposed in 4x16 (AVX2: 4x8) byte blocks by interleaving.
    "qconv_image_channels_16_wide": lambda r: quant_conv(
        r, c=3, o=16, h=5, w=16, w_scales=tuple(0.01 + 0.001 * i
                                               for i in range(16)),
        w_zps=(0,) * 16),
    "qconv_vector_depthwise": lambda r: quant_conv(
        r, c=16, o=16, groups=16, h=8, w=12),
    # A 256 KiB depthwise input, split around its padding (the padding is
    # the input zero point, the border strips pad small slices with it).
    "qconv_depthwise_large": lambda r: quant_conv(
        r, c=64, o=64, groups=64, h=64, w=64, pads=(2, 1, 0, 1),
        w_scales=tuple(0.01 + 0.0005 * i for i in range(64)), w_zps=(0,) * 64,
        activation="relu"),
    # The same with an input zero point other than 128: the padding is not
    # 0 once the input is made signed, and the border pieces start from
    # the padded taps' sum per channel.
    "qconv_depthwise_large_zero_point": lambda r: quant_conv(
        r, c=64, o=64, groups=64, h=64, w=64, pads=(2, 1, 0, 1), x_zp=37,
        w_scales=tuple(0.01 + 0.0005 * i for i in range(64)), w_zps=(0,) * 64,
        activation="relu"),
    # Depthwise int8 on quads over the kernel rows (where quads are chosen):
    # stride 2 with i8 activations (no u8 flip before the conv), a 4x5 kernel on
    # 24 channels (a 16- and a peeled 8-channel tile, ragged columns), and a
    # 5x5 kernel, which keeps the widened path (at most four rows per quad).
    "qconv_depthwise_strided_i8": lambda r: quant_conv(
        r, c=32, o=32, groups=32, h=9, w=13, strides=(2, 2), x_dtype="i8",
        x_zp=-7, w_scales=tuple(0.01 + 0.0005 * i for i in range(32)),
        w_zps=(0,) * 32, activation="relu6"),
    "qconv_depthwise_24_channels_4x5": lambda r: quant_conv(
        r, c=24, o=24, groups=24, h=7, w=19, k=(4, 5), pads=(1, 2, 2, 2),
        w_scales=tuple(0.01 + 0.0005 * i for i in range(24)), w_zps=(0,) * 24),
    "qconv_depthwise_5x5": lambda r: quant_conv(
        r, c=16, o=16, groups=16, h=8, w=11, k=(5, 5), pads=(2, 2, 2, 2)),
    # Stride 1 over rows: tiles of two output rows sharing each input
    # column's quads, here with two kernel rows (three-row quads) and an odd
    # number of interior rows (a peeled one-row tile); dilated rows share no
    # input row and keep one-row tiles.
    "qconv_depthwise_odd_rows_2x3": lambda r: quant_conv(
        r, c=16, o=16, groups=16, h=9, w=9, k=(2, 3), pads=(0, 1, 1, 1),
        w_scales=tuple(0.01 + 0.0005 * i for i in range(16)),
        w_zps=(0,) * 16, activation="relu"),
    "qconv_depthwise_row_dilation": lambda r: quant_conv(
        r, c=16, o=16, groups=16, h=9, w=8, dilations=(2, 1),
        pads=(2, 1, 2, 1)),
    # Multipliers >= 1 per tensor: the accumulator is shifted left (and
    # saturated to i32) before the high multiply, on vectors.
    "qconv_per_tensor_multiplier_above_one": lambda r: quant_conv(
        r, c=2, o=16, h=6, w=10, k=(1, 1), pads=(0, 0, 0, 0), x_scale=0.5,
        w_scales=(1.0,), out_scale=0.3, bias=False, w_span=1),
    "qconv_per_tensor_multiplier_above_one_onnx": lambda r: quant_conv(
        r, c=2, o=16, h=6, w=10, k=(1, 1), pads=(0, 0, 0, 0), x_scale=0.5,
        w_scales=(1.0,), out_scale=0.3, bias=False, w_span=1, mode="onnx"),
    "qconv_multiplier_saturating_shift": lambda r: quant_conv(
        r, c=8, o=16, h=5, w=9, x_scale=0.5, w_scales=(1.0,),
        out_scale=5e-7),
    # Multipliers near 2^-32: shift -31 (a rounding divide by 2^31) and
    # flushed to 0 below 2^-32, per channel, with biases that make the
    # accumulators large enough to round to +-1.
    "qconv_tiny_multipliers": lambda r: quant_conv(
        r, c=4, o=16, h=5, w=9, x_scale=1e-5, out_scale=0.25,
        w_scales=tuple(2e-6 if i in (3, 6) else 5e-7 if i == 14 else
                       (1e-5, 1.7e-5)[i % 2] for i in range(16)),
        w_zps=(0,) * 16, bias_span=2**31 - 2**21),
    # gamma = 0: the conv contributes nothing and every output is beta,
    # quantized once: exact (the fused channel's bias is at the output
    # scale, not at input_scale * an arbitrary filter scale).
    "qdq_conv_bn_zero_gamma": lambda r: qdq_conv_bn(
        r, gamma=(0.0, 0.0, 0.0), beta=(0.04, -0.037, 0.123)),
    # A zero channel next to ordinary ones (one step of tolerance: those
    # round twice, once in the weights, once in the output).
    "qdq_conv_bn_zero_and_nonzero_gamma": lambda r: qdq_conv_bn(
        r, gamma=(0.0, 0.7, -1.1), beta=(0.04, 0.2, -0.3), y_scale=2.0,
        y_zp=128, atol=1),
    "qconv_relu_other_type_tflite": lambda r: quant_conv_relu_other_type(
        r, "tflite"),
    "qconv_relu_other_type_onnx": lambda r: quant_conv_relu_other_type(
        r, "onnx"),
    "qrelu_requantize_tflite": lambda r: quant_requantizing_relu(r, "tflite"),
    "qrelu_requantize_rank2_tflite": lambda r: quant_requantizing_relu(
        r, "tflite", shape=(16, 16)),
    "qrelu_requantize_rank2_onnx": lambda r: quant_requantizing_relu(
        r, "onnx", shape=(16, 16)),
    "qrelu6_requantize_rank4_tflite": lambda r: quant_requantizing_relu(
        r, "tflite", "relu6", shape=(1, 4, 8, 8)),
    "qrelu_requantize_onnx": lambda r: quant_requantizing_relu(r, "onnx"),
    "qrelu6_requantize_tflite": lambda r: quant_requantizing_relu(
        r, "tflite", "relu6"),
    "qrelu6_requantize_onnx": lambda r: quant_requantizing_relu(
        r, "onnx", "relu6"),
    "qrelu_u8_zp128": lambda r: quant_same_type_activation(r, "u8", 128,
                                                           "relu"),
    "qrelu6_i8_zp_minus5": lambda r: quant_same_type_activation(r, "i8", -5,
                                                                "relu6"),
    "quantize_dequantize": lambda r: quantize_dequantize(r, False),
    "quantize_dequantize_per_axis": lambda r: quantize_dequantize(r, True),
    # Float add: broadcasting (one side, both sides), fused clamps, and an
    # add -> clamp chain fused by the folding patterns.
    "add_broadcast_clamp": lambda r: float_binary(
        r, (2, 3, 4, 5), (1, 3, 1, 1), lo=-0.5, hi=0.75),
    "add_broadcast_both_relu": lambda r: float_binary(
        r, (1, 3, 1, 5), (2, 1, 4, 1), lo=0.0),
    "add_lhs_broadcast_then_clamp": lambda r: float_binary(
        r, (1, 4, 1, 1), (1, 4, 3, 6), then=(0.0, 6.0)),
    # Quantized add, both requantization modes: i8 + i8 -> i8, u8 + i8 -> u8,
    # input scale ratios 10 and 1/7, equal types (output multiplier 2^-19),
    # broadcast [1, C, H, W] + [1, C, 1, 1] (either side), fused relu and
    # relu6 ranges, a separate relu/relu6 fused by folding, saturating
    # outputs, and every pair of storage values.
    "qadd_i8_tflite": lambda r: quant_binary(r),
    "qadd_i8_onnx": lambda r: quant_binary(r, mode="onnx"),
    "qadd_u8_i8_ratio10_tflite": lambda r: quant_binary(
        r, a_dtype="u8", a_scale=0.1, a_zp=128, b_scale=0.01, b_zp=-10,
        out_dtype="u8", out_scale=0.12, out_zp=120),
    "qadd_u8_i8_ratio10_onnx": lambda r: quant_binary(
        r, a_dtype="u8", a_scale=0.1, a_zp=128, b_scale=0.01, b_zp=-10,
        out_dtype="u8", out_scale=0.12, out_zp=120, mode="onnx"),
    "qadd_ratio1_7_tflite": lambda r: quant_binary(
        r, a_scale=0.01, a_zp=5, b_scale=0.07, b_zp=-20, out_scale=0.06,
        out_zp=-4),
    "qadd_ratio1_7_onnx": lambda r: quant_binary(
        r, a_scale=0.01, a_zp=5, b_scale=0.07, b_zp=-20, out_scale=0.06,
        out_zp=-4, mode="onnx"),
    "qadd_equal_types_tflite": lambda r: quant_binary(
        r, a_dtype="u8", a_scale=0.05, a_zp=128, b_dtype="u8", b_scale=0.05,
        b_zp=128, out_dtype="u8", out_scale=0.05, out_zp=128),
    "qadd_equal_types_onnx": lambda r: quant_binary(
        r, a_dtype="u8", a_scale=0.05, a_zp=128, b_dtype="u8", b_scale=0.05,
        b_zp=128, out_dtype="u8", out_scale=0.05, out_zp=128, mode="onnx"),
    "qadd_broadcast_tflite": lambda r: quant_binary(
        r, ashape=(1, 8, 5, 7), bshape=(1, 8, 1, 1), a_dtype="u8", a_zp=100,
        out_dtype="u8", out_zp=130),
    "qadd_broadcast_onnx": lambda r: quant_binary(
        r, ashape=(1, 8, 5, 7), bshape=(1, 8, 1, 1), a_dtype="u8", a_zp=100,
        out_dtype="u8", out_zp=130, mode="onnx"),
    "qadd_broadcast_lhs_tflite": lambda r: quant_binary(
        r, ashape=(1, 8, 1, 1), bshape=(2, 8, 4, 9)),
    "qadd_broadcast_lhs_onnx": lambda r: quant_binary(
        r, ashape=(1, 8, 1, 1), bshape=(2, 8, 4, 9), mode="onnx"),
    "qadd_relu_tflite": lambda r: quant_binary(r, activation="relu", out_zp=-9),
    "qadd_relu_onnx": lambda r: quant_binary(r, activation="relu", out_zp=-9,
                                          mode="onnx"),
    "qadd_relu6_tflite": lambda r: quant_binary(
        r, a_dtype="u8", a_scale=0.04, a_zp=10, b_scale=0.03, b_zp=0,
        out_dtype="u8", out_scale=0.03, out_zp=20, activation="relu6"),
    "qadd_relu6_onnx": lambda r: quant_binary(
        r, a_dtype="u8", a_scale=0.04, a_zp=10, b_scale=0.03, b_zp=0,
        out_dtype="u8", out_scale=0.03, out_zp=20, activation="relu6",
        mode="onnx"),
    "qadd_clamp_range_attr_onnx": lambda r: quant_binary(
        r, activation=(-50, 60), mode="onnx", requant_attr=True),
    "qadd_then_relu_tflite": lambda r: quant_binary(r, then="relu", out_zp=11),
    "qadd_then_relu6_onnx": lambda r: quant_binary(
        r, then="relu6", out_scale=0.05, out_zp=-80, mode="onnx"),
    "qadd_saturating_tflite": lambda r: quant_binary(
        r, a_scale=0.1, a_zp=0, b_scale=0.08, b_zp=0, out_scale=0.05,
        out_zp=0),
    "qadd_saturating_onnx": lambda r: quant_binary(
        r, a_scale=0.1, a_zp=0, b_scale=0.08, b_zp=0, out_scale=0.05,
        out_zp=0, mode="onnx"),
    "qadd_all_pairs_tflite": lambda r: quant_binary(
        r, exhaustive=True, a_dtype="u8", a_scale=0.1, a_zp=131,
        b_scale=0.013, b_zp=-6, out_dtype="u8", out_scale=0.11, out_zp=125),
    "qadd_all_pairs_onnx": lambda r: quant_binary(
        r, exhaustive=True, a_dtype="u8", a_scale=0.1, a_zp=131,
        b_scale=0.013, b_zp=-6, out_dtype="u8", out_scale=0.11, out_zp=125,
        mode="onnx"),
    # Exact ties of the onnx rounding: scales that are powers of two, so
    # that sum / out_scale often lies halfway between integers.
    "qadd_ties_onnx": lambda r: quant_binary(
        r, exhaustive=True, a_scale=0.5, a_zp=0, b_scale=0.25, b_zp=1,
        out_scale=1.0, out_zp=0, mode="onnx"),
    "qadd_ties_tflite": lambda r: quant_binary(
        r, exhaustive=True, a_scale=0.5, a_zp=0, b_scale=0.25, b_zp=1,
        out_scale=1.0, out_zp=0),
    # Float sub, mul, div: broadcasting either side, fused clamps, a chain.
    "sub_broadcast_clamp": lambda r: float_binary(
        r, (2, 3, 4, 5), (1, 3, 1, 1), lo=-0.5, hi=0.75, op="sub"),
    "sub_lhs_broadcast_then_clamp": lambda r: float_binary(
        r, (1, 4, 1, 1), (1, 4, 3, 6), then=(0.0, 6.0), op="sub"),
    "mul_broadcast_both_relu": lambda r: float_binary(
        r, (1, 3, 1, 5), (2, 1, 4, 1), lo=0.0, op="mul"),
    "mul_rank2": lambda r: float_binary(r, (3, 7), (3, 1), op="mul"),
    "div_broadcast_clamp": lambda r: float_binary(
        r, (2, 3, 4, 5), (1, 3, 1, 1), lo=-1.0, hi=1.0, op="div"),
    "div_lhs_broadcast": lambda r: float_binary(
        r, (1, 4, 1, 1), (2, 4, 3, 6), op="div"),
    # Quantized sub (TFLite's Sub, ONNX Q/DQ), mul (TFLite's Mul with an
    # output multiplier below and above 1) and div (f32 only, also under the
    # tflite pipeline default): random operands, broadcasting, fused
    # activations, and every pair of storage values (the div's include zero
    # divisors: infinite quotients saturate, 0/0 gives the clamp's lower
    # bound).
    "qsub_i8_tflite": lambda r: quant_binary(r, op="sub"),
    "qsub_i8_onnx": lambda r: quant_binary(r, op="sub", mode="onnx"),
    "qsub_broadcast_relu_tflite": lambda r: quant_binary(
        r, ashape=(1, 8, 5, 7), bshape=(1, 8, 1, 1), a_dtype="u8", a_zp=100,
        out_dtype="u8", out_zp=30, activation="relu", op="sub"),
    "qsub_all_pairs_tflite": lambda r: quant_binary(
        r, exhaustive=True, a_dtype="u8", a_scale=0.1, a_zp=131,
        b_scale=0.013, b_zp=-6, out_dtype="u8", out_scale=0.11, out_zp=125,
        op="sub"),
    "qsub_all_pairs_onnx": lambda r: quant_binary(
        r, exhaustive=True, a_dtype="u8", a_scale=0.1, a_zp=131,
        b_scale=0.013, b_zp=-6, out_dtype="u8", out_scale=0.11, out_zp=125,
        mode="onnx", op="sub"),
    "qmul_i8_tflite": lambda r: quant_binary(r, op="mul"),
    "qmul_i8_onnx": lambda r: quant_binary(r, op="mul", mode="onnx"),
    "qmul_multiplier_above_one_tflite": lambda r: quant_binary(
        r, a_dtype="u8", a_scale=0.5, a_zp=120, b_scale=0.4, b_zp=3,
        out_dtype="u8", out_scale=0.1, out_zp=10, op="mul"),
    "qmul_broadcast_relu6_tflite": lambda r: quant_binary(
        r, ashape=(2, 8, 4, 9), bshape=(1, 8, 1, 1), a_dtype="u8",
        a_scale=0.04, a_zp=10, b_scale=0.03, b_zp=0, out_dtype="u8",
        out_scale=0.03, out_zp=20, activation="relu6", op="mul"),
    "qmul_then_relu_onnx": lambda r: quant_binary(
        r, then="relu", out_zp=11, mode="onnx", op="mul"),
    "qmul_all_pairs_tflite": lambda r: quant_binary(
        r, exhaustive=True, a_dtype="u8", a_scale=0.1, a_zp=131,
        b_scale=0.013, b_zp=-6, out_dtype="u8", out_scale=0.11, out_zp=125,
        op="mul"),
    "qmul_all_pairs_onnx": lambda r: quant_binary(
        r, exhaustive=True, a_dtype="u8", a_scale=0.1, a_zp=131,
        b_scale=0.013, b_zp=-6, out_dtype="u8", out_scale=0.11, out_zp=125,
        mode="onnx", op="mul"),
    "qdiv_i8_onnx": lambda r: quant_binary(
        r, b_zp=-128, mode="onnx", op="div"),
    "qdiv_under_tflite_default": lambda r: quant_binary(
        r, b_zp=-128, op="div"),
    "qdiv_relu_onnx": lambda r: quant_binary(
        r, activation="relu", out_zp=-9, b_zp=-128, mode="onnx", op="div"),
    "qdiv_all_pairs_onnx": lambda r: quant_binary(
        r, exhaustive=True, a_dtype="u8", a_scale=0.1, a_zp=131,
        b_scale=0.013, b_zp=-6, out_dtype="u8", out_scale=0.11, out_zp=125,
        activation=(3, 250), mode="onnx", op="div"),
    # Pools: padding, strides, dilations, ceil_mode and count_include_pad.
    "max_pool_padded": lambda r: float_pool(r, "max", lo=-2.0, hi=-0.5),
    "max_pool_ceil_dilated": lambda r: float_pool(
        r, "max", shape=(2, 3, 8, 9), kernel=(2, 3), strides=(2, 2),
        dilations=(2, 1), pads=(1, 0, 0, 2), ceil_mode=True, lo=-2.0,
        hi=-0.5),
    "max_pool_unpadded": lambda r: float_pool(
        r, "max", shape=(1, 4, 7, 7), kernel=(2, 2), strides=(2, 2),
        pads=(0, 0, 0, 0), ceil_mode=True),
    "avg_pool_padded": lambda r: float_pool(r, "avg"),
    "avg_pool_count_include_pad": lambda r: float_pool(
        r, "avg", shape=(1, 3, 8, 7), kernel=(3, 2), strides=(1, 2),
        pads=(2, 1, 1, 0), count_include_pad=True),
    "avg_pool_ceil_count_include_pad": lambda r: float_pool(
        r, "avg", shape=(2, 2, 6, 6), kernel=(3, 3), strides=(2, 2),
        pads=(1, 1, 1, 1), ceil_mode=True, count_include_pad=True),
    "avg_pool_ceil": lambda r: float_pool(
        r, "avg", shape=(1, 3, 7, 8), kernel=(3, 3), strides=(2, 3),
        pads=(0, 1, 1, 0), ceil_mode=True),
    "avg_pool_global": lambda r: float_pool(
        r, "avg", shape=(2, 5, 6, 7), kernel=(6, 7), strides=(1, 1),
        pads=(0, 0, 0, 0)),
    # Quantized average pools: the global pool of a network's head, other
    # types in and out, and a padded pool with count_include_pad (every
    # window counts 9).
    "qavg_pool_global_onnx": lambda r: quant_avg_pool(
        r, "u8", 0.05, 3, "u8", 0.02, 7, "onnx"),
    "qavg_pool_global_tflite": lambda r: quant_avg_pool(
        r, "u8", 0.05, 3, "u8", 0.02, 7, "tflite"),
    "qavg_pool_i8_to_u8_onnx": lambda r: quant_avg_pool(
        r, "i8", 0.1, -5, "u8", 0.07, 128, "onnx", shape=(2, 4, 6, 6),
        kernel=(2, 3), strides=(2, 3)),
    "qavg_pool_padded_tflite": lambda r: quant_avg_pool(
        r, "u8", 0.03, 128, "i8", 0.011, 0, "tflite", shape=(1, 2, 5, 5),
        kernel=(3, 3), pads=(1, 1, 1, 1), count_include_pad=True),
    # Enough channels (20: a vector of 16 and a peeled 4) and columns (19:
    # blocks of 8 and a peeled 3) for the vectorized 1-D pool tiles.
    "max_pool_vector_tiles": lambda r: float_pool(
        r, "max", shape=(1, 20, 9, 37), strides=(2, 2), lo=-2.0, hi=-0.5),
    "avg_pool_vector_tiles_include_pad": lambda r: float_pool(
        r, "avg", shape=(1, 20, 8, 37), strides=(2, 2), ceil_mode=True,
        count_include_pad=True),
    "qmax_pool_vector_tiles_u8": lambda r: quant_max_pool(
        r, "u8", 200, value_range=(0, 199), shape=(1, 70, 7, 21)),
    "qmax_pool_vector_tiles_i8": lambda r: quant_max_pool(
        r, "i8", 10, value_range=(-128, -1), shape=(1, 70, 7, 21)),
    "qavg_pool_vector_tiles_onnx": lambda r: quant_avg_pool(
        r, "u8", 0.05, 3, "i8", 0.02, -7, "onnx", shape=(1, 20, 9, 19),
        kernel=(3, 3), strides=(1, 1), pads=(1, 1, 1, 1),
        count_include_pad=True),
    "qmax_pool_u8": lambda r: quant_max_pool(
        r, "u8", 200, value_range=(0, 180)),
    "qmax_pool_i8": lambda r: quant_max_pool(
        r, "i8", 10, value_range=(-128, -1), shape=(2, 3, 8, 9),
        kernel=(2, 3), dilations=(2, 1), pads=(1, 0, 0, 2), ceil_mode=True),
    "qmax_pool_u8_full_range": lambda r: quant_max_pool(
        r, "u8", 128, shape=(1, 16, 10, 11), strides=(1, 1)),
    "qmax_pool_i8_full_range": lambda r: quant_max_pool(
        r, "i8", -3, shape=(1, 5, 9, 8), kernel=(2, 2), strides=(2, 2),
        pads=(1, 1, 1, 1), ceil_mode=True),
}
