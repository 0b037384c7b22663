"""Reference semantics of qfold's ops, written independently of the C++ code
under test (standard library only), plus .npy I/O for the integration tests.

Float results are computed in double precision from the f32 inputs; the
quantized results follow the documented integer semantics exactly:
  acc = bias[o] + sum (x - x_zp) * (w - w_zp[o])      (input padded with x_zp)
  tflite: out = clamp(out_zp + MultiplyByQuantizedMultiplier(acc, M[o]), lo, hi)
  onnx:   out = clamp(out_zp + round_half_even(f32(acc) * f32(M[o])), lo, hi)
"""

import math
import struct

INT32_MIN = -2**31
INT32_MAX = 2**31 - 1


# --- f32 ------------------------------------------------------------------

def f32(x):
    """Rounds a Python float to the nearest f32 (ties to even)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def f32_text(x):
    """Text that MLIR parses back to exactly this f32 (always a float
    literal: "0.0", not "0")."""
    text = "%.9g" % x
    if not any(ch in text for ch in ".enN"):
        text += ".0"
    return text


# --- .npy -----------------------------------------------------------------

DESCR = {"f32": ("<f4", "f", 4), "i8": ("|i1", "b", 1), "u8": ("|u1", "B", 1),
         "i32": ("<i4", "i", 4)}


def write_npy(path, dtype, shape, values):
    descr, fmt, _ = DESCR[dtype]
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, dims)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%d%s" % (len(values), fmt), *values))


def read_npy(path):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"\x93NUMPY"):
        raise ValueError(path + ": not a .npy file")
    major = data[6]
    if major == 1:
        (hlen,) = struct.unpack("<H", data[8:10])
        start = 10
    else:
        (hlen,) = struct.unpack("<I", data[8:12])
        start = 12
    header = data[start:start + hlen].decode("latin1")
    header_dict = eval(header)  # the .npy header is a Python literal
    dtype = {v[0]: k for k, v in DESCR.items()}[header_dict["descr"]]
    shape = list(header_dict["shape"])
    _, fmt, size = DESCR[dtype]
    count = 1
    for d in shape:
        count *= d
    body = data[start + hlen:]
    values = list(struct.unpack("<%d%s" % (count, fmt), body[:count * size]))
    return dtype, shape, values


# --- tensors as flat row-major lists ----------------------------------------

def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def strides(shape):
    result, s = [], 1
    for d in reversed(shape):
        result.append(s)
        s *= d
    return list(reversed(result))


def conv_output_size(size, k, stride, dilation, pad_lo, pad_hi):
    return (size + pad_lo + pad_hi - dilation * (k - 1) - 1) // stride + 1


def conv2d(x, xshape, w, wshape, strides_hw, dilations, pads, groups,
           x_zp=0, w_zp=None, acc_init=None):
    """Grouped NCHW x OIHW convolution over exact Python numbers.

    Padded positions read `x_zp`; returns sum (x - x_zp) * (w - w_zp[o]) plus
    acc_init[o] (a list per output channel) and the output shape.
    """
    n, c, h, wd = xshape
    o, cg, kh, kw = wshape
    sh, sw = strides_hw
    dh, dw = dilations
    top, left, bottom, right = pads
    oh = conv_output_size(h, kh, sh, dh, top, bottom)
    ow = conv_output_size(wd, kw, sw, dw, left, right)
    fpg = o // groups
    xs, ws = strides(xshape), strides(wshape)
    out = []
    for b in range(n):
        for oc in range(o):
            g = oc // fpg
            wz = w_zp[oc] if w_zp else 0
            for y in range(oh):
                for xo in range(ow):
                    acc = acc_init[oc] if acc_init else 0
                    for ci in range(cg):
                        cin = g * cg + ci
                        for ky in range(kh):
                            iy = y * sh + ky * dh - top
                            for kx in range(kw):
                                ix = xo * sw + kx * dw - left
                                if 0 <= iy < h and 0 <= ix < wd:
                                    xv = x[b * xs[0] + cin * xs[1] + iy * xs[2] + ix]
                                else:
                                    xv = x_zp
                                wv = w[oc * ws[0] + ci * ws[1] + ky * ws[2] + kx]
                                acc += (xv - x_zp) * (wv - wz)
                    out.append(acc)
    return out, [n, o, oh, ow]


def channelwise(values, shape, fn):
    """Applies fn(value, channel) over a tensor whose channel axis is 1."""
    inner = numel(shape[2:])
    c = shape[1]
    return [fn(v, (i // inner) % c) for i, v in enumerate(values)]


# --- requantization (gemmlowp / TFLite, written from their definitions) ----

def round_half_away(x):
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def quantize_multiplier(m):
    """TFLite QuantizeMultiplier: (multiplier, shift) or (0, 0) if tiny."""
    q, shift = math.frexp(m)
    fixed = int(round_half_away(q * 2**31))
    if fixed == 2**31:
        fixed //= 2
        shift += 1
    if shift < -31:
        return 0, 0
    assert shift <= 30, "multiplier not representable"
    return fixed, shift


def trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def srdhm(a, b):
    if a == b == INT32_MIN:
        return INT32_MAX
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else (1 - (1 << 30))
    return trunc_div(ab + nudge, 1 << 31)


def rdbpot(x, exponent):
    mask = (1 << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> exponent) + (1 if remainder > threshold else 0)


def multiply_by_quantized_multiplier(x, multiplier, shift):
    left = shift if shift > 0 else 0
    right = 0 if shift > 0 else -shift
    v = min(max(x * (1 << left), INT32_MIN), INT32_MAX)
    return rdbpot(srdhm(v, multiplier), right)


def requant_tflite(acc, real_multiplier, zp, lo, hi):
    m, s = quantize_multiplier(real_multiplier)
    v = multiply_by_quantized_multiplier(wrap_i32(acc), m, s)
    return min(max(v, lo - zp), hi - zp) + zp


def requant_onnx(acc, multiplier_f32, zp, lo, hi):
    v = f32(f32(float(wrap_i32(acc))) * multiplier_f32)
    v = min(max(v, float(lo - zp)), float(hi - zp))
    return int(round(v)) + zp  # round() is round-half-even


def onnx_multiplier(in_scale, w_scale, out_scale):
    return f32(f32(f32(in_scale) * f32(w_scale)) / f32(out_scale))


def wrap_i32(v):
    return ((v + 2**31) % 2**32) - 2**31


def quantize(x, scale, zp, qmin, qmax):
    """ONNX QuantizeLinear with f32 arithmetic."""
    q = f32(x / f32(scale))
    return int(min(max(round(q) + zp, qmin), qmax))


def dequantize(q, scale, zp):
    return f32(f32(float(q - zp)) * f32(scale))


def quantize_bound(real, scale, zp, qmin, qmax):
    """qfold's rounding rule for clamp bounds (double precision)."""
    if real == math.inf:
        return qmax
    if real == -math.inf:
        return qmin
    return int(min(max(zp + round(real / scale), qmin), qmax))


# --- elementwise add (equal ranks, NumPy/ONNX broadcasting) -----------------

def broadcast_shape(ashape, bshape):
    assert len(ashape) == len(bshape), "operands must have equal ranks"
    shape = []
    for a, b in zip(ashape, bshape):
        assert a == b or a == 1 or b == 1, "shapes do not broadcast"
        shape.append(b if a == 1 else a)
    return shape


def broadcast_indices(shape, oshape):
    """For each element of `oshape` (row major), the flat index of the
    element of a tensor of `shape` that broadcasting reads."""
    ss = [0 if d == 1 else s for d, s in zip(shape, strides(shape))]
    result = []
    for flat in range(numel(oshape)):
        index, rest = 0, flat
        for d, s in zip(reversed(oshape), reversed(ss)):
            index += (rest % d) * s
            rest //= d
        result.append(index)
    return result


def broadcast_pairs(a, ashape, b, bshape):
    oshape = broadcast_shape(ashape, bshape)
    ai = broadcast_indices(ashape, oshape)
    bi = broadcast_indices(bshape, oshape)
    return [(a[i], b[j]) for i, j in zip(ai, bi)], oshape


def real_binary(op, x, y):
    """`op` ("add", "sub", "mul", "div") of two f32 values as f32 arithmetic
    computes it: one rounding of the exact result (a double result rounded to
    f32 is that for all four); a zero divisor gives an infinity or NaN."""
    if op == "add":
        return f32(x + y)
    if op == "sub":
        return f32(x - y)
    if op == "mul":
        return f32(x * y)
    if y == 0.0:
        if x == 0.0 or math.isnan(x):
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return f32(x / y)


def float_binary(op, a, ashape, b, bshape, lo=-math.inf, hi=math.inf):
    """f32 add/sub/mul/div with broadcasting, then the clamp."""
    pairs, oshape = broadcast_pairs(a, ashape, b, bshape)
    return [min(max(real_binary(op, x, y), lo), hi) for x, y in pairs], oshape


def quantize_multiplier_smaller_than_one_exp(m):
    """TFLite QuantizeMultiplierSmallerThanOneExp: (multiplier, left_shift)
    with left_shift <= 0, for 0 < m < 1."""
    assert 0.0 < m < 1.0
    fixed, shift = quantize_multiplier(m)
    assert shift <= 0
    return fixed, shift


def multiply_by_quantized_multiplier_smaller_than_one_exp(x, multiplier,
                                                          left_shift):
    """RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, m), -shift)."""
    assert INT32_MIN <= x <= INT32_MAX and left_shift <= 0
    return rdbpot(srdhm(x, multiplier), -left_shift)


def tflite_add_params(s1, s2, s_out, left_shift=20):
    """TFLite's add Prepare (8-bit): the Q31 multipliers and shifts of both
    inputs and of the output, from f32 scales, in double precision."""
    twice_max_input_scale = 2.0 * max(s1, s2)
    real_input1_multiplier = s1 / twice_max_input_scale
    real_input2_multiplier = s2 / twice_max_input_scale
    real_output_multiplier = twice_max_input_scale / (
        (1 << left_shift) * s_out)
    return (quantize_multiplier_smaller_than_one_exp(real_input1_multiplier),
            quantize_multiplier_smaller_than_one_exp(real_input2_multiplier),
            quantize_multiplier_smaller_than_one_exp(real_output_multiplier))


def quantized_binary(op, a, ashape, a_scale, a_zp, b, bshape, b_scale, b_zp,
                     out_scale, out_zp, qmin, qmax, lo=None, hi=None,
                     mode="tflite"):
    """Per-tensor quantized add/sub/mul/div with broadcasting, clamped to
    the integer range [lo, hi] of the result storage (default: [qmin,
    qmax]).

    tflite: reference_ops::Add and Sub (uint8/int8) with left_shift 20;
            reference_ops::Mul (MultiplyByQuantizedMultiplier of the
            product of the centered inputs by s_a * s_b / s_out, in double).
    onnx:   DequantizeLinear -> op -> QuantizeLinear, all in f32 (an
            infinite quotient saturates, a NaN one gives lo)."""
    lo = qmin if lo is None else lo
    hi = qmax if hi is None else hi
    a_scale, b_scale, out_scale = f32(a_scale), f32(b_scale), f32(out_scale)
    pairs, oshape = broadcast_pairs(a, ashape, b, bshape)
    out = []
    if mode == "tflite" and op == "mul":
        m, sh = quantize_multiplier(a_scale * b_scale / out_scale)
        for x, y in pairs:
            raw = multiply_by_quantized_multiplier(
                (x - a_zp) * (y - b_zp), m, sh) + out_zp
            out.append(min(max(raw, lo), hi))
    elif mode == "tflite":
        assert op in ("add", "sub"), "TFLite has no integer " + op
        left_shift = 20
        (m1, sh1), (m2, sh2), (mo, sho) = tflite_add_params(
            a_scale, b_scale, out_scale, left_shift)
        for x, y in pairs:
            shifted1 = (x - a_zp) * (1 << left_shift)
            shifted2 = (y - b_zp) * (1 << left_shift)
            scaled1 = multiply_by_quantized_multiplier_smaller_than_one_exp(
                shifted1, m1, sh1)
            # TFLite's Sub is its Add with input 2's multiplier negated
            # (SaturatingRoundingDoublingHighMul rounds ties toward +inf, so
            # this differs from negating the rescaled value at ties).
            scaled2 = multiply_by_quantized_multiplier_smaller_than_one_exp(
                shifted2, m2 if op == "add" else -m2, sh2)
            raw_sum = scaled1 + scaled2
            raw_out = multiply_by_quantized_multiplier_smaller_than_one_exp(
                raw_sum, mo, sho) + out_zp
            out.append(min(max(raw_out, lo), hi))
    else:
        for x, y in pairs:
            s = real_binary(op, dequantize(x, a_scale, a_zp),
                            dequantize(y, b_scale, b_zp))
            if math.isnan(s):
                q = lo
            elif math.isinf(s):
                q = qmax if s > 0 else qmin
            else:
                q = quantize(s, out_scale, out_zp, qmin, qmax)
            out.append(min(max(q, lo), hi))
    return out, oshape


# --- pooling (NCHW) ----------------------------------------------------------

def pool_output_size(size, k, stride, dilation, pad_lo, pad_hi, ceil_mode):
    """ONNX/PyTorch: floor (or ceil) of the window count; with ceil_mode the
    last window must start inside the input or its leading padding."""
    extent = dilation * (k - 1) + 1
    span = size + pad_lo + pad_hi - extent
    assert span >= 0
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + pad_lo:
        out -= 1
    return out


def pool2d_windows(xshape, kernel, strides_hw, dilations, pads, ceil_mode):
    """Returns the output shape and, per output element (row major), a
    tuple (n, c, [(iy, ix) of the window inside the input], number of window
    positions inside the padded input [-top, H + bottom) x [-left, W +
    right))."""
    n, c, h, w = xshape
    kh, kw = kernel
    sh, sw = strides_hw
    dh, dw = dilations
    top, left, bottom, right = pads
    oh = pool_output_size(h, kh, sh, dh, top, bottom, ceil_mode)
    ow = pool_output_size(w, kw, sw, dw, left, right, ceil_mode)
    windows = []
    for b in range(n):
        for ch in range(c):
            for y in range(oh):
                for xo in range(ow):
                    inside, padded = [], 0
                    for ky in range(kh):
                        iy = y * sh + ky * dh - top
                        for kx in range(kw):
                            ix = xo * sw + kx * dw - left
                            if -top <= iy < h + bottom and \
                                    -left <= ix < w + right:
                                padded += 1
                            if 0 <= iy < h and 0 <= ix < w:
                                inside.append((iy, ix))
                    windows.append((b, ch, inside, padded))
    return [n, c, oh, ow], windows


def max_pool2d(x, xshape, kernel, strides_hw=(1, 1), dilations=(1, 1),
               pads=(0, 0, 0, 0), ceil_mode=False):
    """The maximum over the window positions inside the input (padding
    never wins); works on floats and stored integers alike."""
    oshape, windows = pool2d_windows(xshape, kernel, strides_hw, dilations,
                                     pads, ceil_mode)
    xs = strides(xshape)
    out = []
    for b, ch, inside, _ in windows:
        assert inside, "a window lies in the padding alone"
        out.append(max(x[b * xs[0] + ch * xs[1] + iy * xs[2] + ix]
                       for iy, ix in inside))
    return out, oshape


def avg_pool2d(x, xshape, kernel, strides_hw=(1, 1), pads=(0, 0, 0, 0),
               ceil_mode=False, count_include_pad=False):
    """The mean (in double) over the window: padding adds 0; the divisor is
    the number of positions inside the input, or with count_include_pad
    inside the padded input (never the extra positions of ceil_mode)."""
    oshape, windows = pool2d_windows(xshape, kernel, strides_hw, (1, 1),
                                     pads, ceil_mode)
    xs = strides(xshape)
    out = []
    for b, ch, inside, padded in windows:
        total = sum(x[b * xs[0] + ch * xs[1] + iy * xs[2] + ix]
                    for iy, ix in inside)
        out.append(total / (padded if count_include_pad else len(inside)))
    return out, oshape
