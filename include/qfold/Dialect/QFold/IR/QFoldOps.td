//===- QFoldOps.td - qfold operations ----------------------*- tablegen -*-===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_TD
#define QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_TD

include "qfold/Dialect/QFold/IR/QFoldDialect.td"
include "qfold/Dialect/QFold/IR/QFoldInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class QFold_Op<string mnemonic, list<Trait> traits = []>
    : Op<QFold_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

def QFold_Conv2DOp : QFold_Op<"conv2d", [Pure, QFold_RequantizingOpInterface]> {
  let summary = "2-D convolution (NCHW x OIHW), float or quantized, with a fused clamp";
  let description = [{
    Computes a grouped 2-D convolution of an NCHW `input` with an OIHW
    `filter`, adds the optional per-output-channel `bias`, and clamps the result
    to the fused range `[clamp_min, clamp_max]`.

    With input `N x C x H x W`, filter `O x (C / groups) x KH x KW`,
    `strides = [sh, sw]`, `dilations = [dh, dw]` and
    `pads = [top, left, bottom, right]`, the result is `N x O x OH x OW` with

    ```
    OH = floor((H + top + bottom - dh * (KH - 1) - 1) / sh) + 1
    OW = floor((W + left + right - dw * (KW - 1) - 1) / sw) + 1
    ```

    Output channel `o` belongs to group `g = o / (O / groups)` and reads input
    channels `g * C/groups .. (g + 1) * C/groups - 1`. `C` and `O` must both be
    multiples of `groups`. A depthwise convolution is `groups == C`; its
    channel multiplier is `O / C`.

    **Float form** (all f32):

    ```
    acc[n, o, y, x] = bias[o] + sum_{c, ky, kx} in[n, g*C/groups + c, y*sh + ky*dh - top, x*sw + kx*dw - left]
                                               * filter[o, c, ky, kx]
    out[n, o, y, x] = min(max(acc[n, o, y, x], clamp_min), clamp_max)
    ```

    where `in` reads as 0 outside the input (zero padding), or as
    `pad_values[c]` for input channel `c` when the optional `pad_values` (one
    f32 per input channel) is present: a per-channel affine map folded into
    the conv from before it (an input normalization, a BatchNorm) pads each
    channel with the value the map takes to 0, so that the folded conv equals
    the zero-padded conv of the normalized input. Absent
    `clamp_min`/`clamp_max` are -inf/+inf: a ReLU is `clamp_min = 0.0`.

    **Quantized form**: `input` and result are per-tensor `!quant.uniform`
    with i8 or u8 storage and f32 expressed type; `filter` is per-tensor or
    per-output-channel (axis 0) `!quant.uniform` with i8 or u8 storage and any
    zero points. The optional `bias` is i32 with the implied scale
    `input_scale * filter_scale[o]` and zero point 0 (it may also be spelled
    as an i32 `!quant.uniform` type carrying exactly those scales).

    ```
    acc[n, o, y, x] = bias[o] + sum_{c, ky, kx} (in[...] - in_zp) * (filter[o, c, ky, kx] - filter_zp[o])
    M[o]            = in_scale * filter_scale[o] / out_scale
    out[n, o, y, x] = clamp(out_zp + requantize(acc[n, o, y, x], M[o]), clamp_min, clamp_max)
    ```

    The input is padded with `in_zp` (the real value 0). The accumulator is
    exact in 32 bits. `requantize` rounds `acc * M[o]` to an integer as the
    `requant_mode` attribute says (`tflite` Q31 fixed point, or `onnx`
    float with round half to even; the lowering pass chooses when absent).
    In this form `clamp_min` and `clamp_max` are integers in the storage domain
    of the result type and default to its full storage range, so the clamp
    also performs the saturation of the quantizer.

    **Integer form** (ONNX `ConvInteger`): quantized `input` and `filter` as
    above (their scales are not used) and an `i32` result, the exact
    accumulator `acc` above without requantization; the optional clamp range
    is in i32 and `requant_mode` is not allowed.
  }];

  let arguments = (ins
    QFold_Tensor4D:$input,
    QFold_Tensor4D:$filter,
    Optional<QFold_BiasTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<QFold_I64Attr, "1">:$groups,
    OptionalAttr<AnyAttrOf<[F32Attr, I64Attr]>>:$clamp_min,
    OptionalAttr<AnyAttrOf<[F32Attr, I64Attr]>>:$clamp_max,
    OptionalAttr<QFold_RequantModeAttr>:$requant_mode,
    OptionalAttr<DenseF32ArrayAttr>:$pad_values
  );
  let results = (outs QFold_ConvResult:$output);

  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];

  let builders = [
    // Float form: the result type is inferred from the operands.
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$filter,
                   "::mlir::Value":$bias,
                   "::llvm::ArrayRef<int64_t>":$strides,
                   "::llvm::ArrayRef<int64_t>":$dilations,
                   "::llvm::ArrayRef<int64_t>":$pads, "int64_t":$groups)>,
    // A conv with the geometry (strides, dilations, pads, pad_values,
    // groups) of `geometry` and new operands, result type, clamp and
    // requant_mode: what every folding and quantization pattern builds.
    OpBuilder<(ins "::mlir::Type":$resultType, "::mlir::Value":$input,
                   "::mlir::Value":$filter, "::mlir::Value":$bias,
                   "::mlir::qfold::Conv2DOp":$geometry,
                   "::mlir::Attribute":$clampMin,
                   "::mlir::Attribute":$clampMax,
                   "::mlir::qfold::RequantModeAttr":$requantMode), [{
      build($_builder, $_state, resultType, input, filter, bias,
            geometry.getStridesAttr(), geometry.getDilationsAttr(),
            geometry.getPadsAttr(), geometry.getGroupsAttr(), clampMin,
            clampMax, requantMode, geometry.getPadValuesAttr());
    }]>
  ];

  let extraClassDeclaration = [{
    /// True when the operands are quantized types (the result is quantized or,
    /// in the integer form, i32).
    bool isQuantized();
    /// True for the integer form: quantized operands and an i32 result.
    bool isIntegerForm();
    /// The range the result's element type can hold: the storage range of a
    /// quantized result, the i32 range of the integer form.
    std::pair<int64_t, int64_t> getResultStorageRange();
    /// The result shape these operands and attributes produce, or failure
    /// with a diagnostic when they are inconsistent. The batch dimension is
    /// passed through (it may be dynamic).
    static ::mlir::FailureOr<::llvm::SmallVector<int64_t>> inferResultShape(
        ::llvm::ArrayRef<int64_t> inputShape, ::llvm::ArrayRef<int64_t> filterShape,
        ::llvm::ArrayRef<int64_t> strides, ::llvm::ArrayRef<int64_t> dilations,
        ::llvm::ArrayRef<int64_t> pads, int64_t groups,
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError);
    /// The fused float range; absent bounds are -inf/+inf.
    double getFloatClampMin();
    double getFloatClampMax();
    /// The fused integer range in the result's storage domain; absent bounds
    /// are the storage type's limits. Only for the quantized form.
    int64_t getQuantClampMin();
    int64_t getQuantClampMax();
    /// True when the op carries a clamp narrower than "no clamp" (float) or
    /// the full storage range (quantized).
    bool hasFusedClamp();
  }];

  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// conv_transpose2d
//===----------------------------------------------------------------------===//

def QFold_ConvTranspose2DOp : QFold_Op<"conv_transpose2d", [Pure]> {
  let summary = "2-D transposed convolution (NCHW, ONNX ConvTranspose), float, with a fused clamp";
  let description = [{
    The gradient of `qfold.conv2d` with respect to its input (ONNX
    ConvTranspose, PyTorch ConvTranspose2d): each input pixel scatters its
    filter-weighted values into a `strides`-spaced output. With input
    `N x C x H x W`, filter `C x (O / groups) x KH x KW` (input channels
    first), `strides = [sh, sw]`, `dilations = [dh, dw]`,
    `pads = [top, left, bottom, right]` (cropped from the full output) and
    `output_padding = [ph, pw]` (added at the bottom and right), the result
    is `N x O x OH x OW` with

    ```
    OH = sh * (H - 1) + dh * (KH - 1) + 1 + ph - top - bottom
    OW = sw * (W - 1) + dw * (KW - 1) + 1 + pw - left - right
    ```

    Input channel `c` belongs to group `g = c / (C / groups)` and writes the
    output channels `g * O/groups + j` through `filter[c, j]`:

    ```
    acc[n, g*O/groups + j, y, x] = bias[...] + sum over c in g, ky, kx, iy, ix with
        iy * sh + ky * dh - top == y and ix * sw + kx * dw - left == x of
        in[n, c, iy, ix] * filter[c, j, ky, kx]
    out = min(max(acc, clamp_min), clamp_max)
    ```

    BatchNorm (or a per-channel add/sub/mul/div constant) after it folds
    along the filter's axis 1 within each group, and ReLU/ReLU6/Clip into its
    clamp range, as for `qfold.conv2d`. It lowers as
    the `qfold.conv2d` it equals: the input spread `strides` apart, padded by
    `dilation * (K - 1) - pad` (plus `output_padding` at the end; a negative
    amount crops), convolved with the filter transposed per group and
    flipped in both spatial dimensions.
  }];

  let arguments = (ins
    QFold_F32Tensor4D:$input,
    QFold_F32Tensor4D:$filter,
    Optional<QFold_F32Tensor1D>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$output_padding,
    DefaultValuedAttr<QFold_I64Attr, "1">:$groups,
    OptionalAttr<F32Attr>:$clamp_min,
    OptionalAttr<F32Attr>:$clamp_max
  );
  let results = (outs QFold_F32Tensor4D:$output);

  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];

  let builders = [
    // The same op with new operands, result type and clamp.
    OpBuilder<(ins "::mlir::Type":$resultType, "::mlir::Value":$input,
                   "::mlir::Value":$filter, "::mlir::Value":$bias,
                   "::mlir::qfold::ConvTranspose2DOp":$geometry,
                   "::mlir::Attribute":$clampMin,
                   "::mlir::Attribute":$clampMax), [{
      build($_builder, $_state, resultType, input, filter, bias,
            geometry.getStridesAttr(), geometry.getDilationsAttr(),
            geometry.getPadsAttr(), geometry.getOutputPaddingAttr(),
            geometry.getGroupsAttr(), ::llvm::cast_or_null<::mlir::FloatAttr>(clampMin),
            ::llvm::cast_or_null<::mlir::FloatAttr>(clampMax));
    }]>
  ];

  let extraClassDeclaration = [{
    /// The result shape of these operands and attributes, or failure with a
    /// diagnostic (through `emitError`, when given) when they are
    /// inconsistent.
    static ::mlir::FailureOr<::llvm::SmallVector<int64_t>> inferResultShape(
        ::llvm::ArrayRef<int64_t> inputShape, ::llvm::ArrayRef<int64_t> filterShape,
        ::llvm::ArrayRef<int64_t> strides, ::llvm::ArrayRef<int64_t> dilations,
        ::llvm::ArrayRef<int64_t> pads, ::llvm::ArrayRef<int64_t> outputPadding,
        int64_t groups,
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError);
    /// Always false: the op has a float form only (for the shared patterns).
    bool isQuantized() { return false; }
    double getFloatClampMin();
    double getFloatClampMax();
    bool hasFusedClamp() { return getClampMinAttr() || getClampMaxAttr(); }
  }];

  let hasVerifier = 1;
  // A per-channel add/sub/mul/div of its result folds into it.
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

def QFold_BatchNormOp : QFold_Op<"batch_norm", [
    Pure, AllTypesMatch<["input", "output"]>,
    AllTypesMatch<["scale", "bias", "mean", "variance"]>]> {
  let summary = "inference batch normalization over axis 1";
  let description = [{
    Normalizes an f32 `input` of rank >= 2 over its channel axis (axis 1) with
    fixed statistics, as ONNX `BatchNormalization` in inference mode:

    ```
    out[n, c, ...] = scale[c] * (in[n, c, ...] - mean[c]) / sqrt(variance[c] + epsilon) + bias[c]
    ```

    `scale` (gamma), `bias` (beta), `mean` and `variance` are static 1-D f32
    tensors with one element per channel; the channel dimension of `input`
    must be static. `epsilon` must be >= 0; when the statistics
    are constants every `variance[c] + epsilon` must be > 0 and every
    parameter finite, otherwise the op is rejected (folding it would produce
    inf/NaN weights).

    A batch_norm whose constant parameters make it the identity (computed in
    double precision: `scale / sqrt(variance + epsilon) == 1` and
    `bias - mean * scale / sqrt(variance + epsilon) == 0` for every channel)
    folds away.

    Canonicalization folds a batch_norm into the float `conv2d` that feeds
    it (see `qfold-fold`). When that conv's filter is fake-quantized
    (`quant.dcast` of constant quantized weights, as quantization-aware
    training exports it), the BatchNorm is folded before the fake
    quantization: each channel's factor `s` goes into the per-channel scale
    (`|s| * scale`, integers mirrored around the zero point when `s < 0`), so
    the integer weights stay those that training saw.
  }];

  let arguments = (ins
    QFold_F32Tensor:$input,
    QFold_F32Tensor1D:$scale,
    QFold_F32Tensor1D:$bias,
    QFold_F32Tensor1D:$mean,
    QFold_F32Tensor1D:$variance,
    DefaultValuedAttr<F32Attr, "1e-5">:$epsilon
  );
  let results = (outs QFold_F32Tensor:$output);

  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    type($input) `,` type($scale)
  }];

  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// relu / clamp
//===----------------------------------------------------------------------===//

class QFold_ActivationOp<string mnemonic> : QFold_Op<mnemonic, [
    Pure, SameOperandsAndResultShape, QFold_RequantizingOpInterface]> {
  let results = (outs QFold_AnyRankTensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` custom<ActivationTypes>(type($input), type($output))
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
  let hasFolder = 1;
}

def QFold_ReluOp : QFold_ActivationOp<"relu"> {
  let summary = "rectified linear unit, float or quantized";
  let description = [{
    Float form: `out = max(in, 0)`.

    Quantized form (per-tensor `!quant.uniform` operand and result, i8 or u8
    storage): with equal operand and result types, the op is a pure integer
    clamp at the zero point, `out = max(in, zero_point)` (never at literal 0).
    With different types (another scale or zero point) it means
    `quantize_out(max(dequantize_in(in), 0))`, i.e. a requantization from the
    operand's scale and zero point to the result's, followed by the clamp at
    the result's zero point; `requant_mode` selects the rounding as for
    `qfold.conv2d`.

    The printed type is `T` when operand and result types are equal and
    `T1 -> T2` otherwise.
  }];
  let arguments = (ins QFold_AnyRankTensor:$input,
                       OptionalAttr<QFold_RequantModeAttr>:$requant_mode);
}

def QFold_ClampOp : QFold_ActivationOp<"clamp"> {
  let summary = "clamp to a real range (ReLU6, ONNX Clip), float or quantized";
  let description = [{
    Float form: `out = min(max(in, min), max)`; an absent `min` is -inf and an
    absent `max` is +inf. ReLU6 is `{min = 0.0, max = 6.0}`.

    `min` and `max` are always real (f32) values, also in the quantized form.
    There, with equal operand and result types of scale `s` and zero point
    `zp`, the op is the integer clamp to

    ```
    [clamp(zp + round(min / s), qmin, qmax), clamp(zp + round(max / s), qmin, qmax)]
    ```

    where `round` is round half to even (the rounding every qfold quantizer
    uses, so clamping before or after quantization gives the same integers),
    and `[qmin, qmax]` is the storage range. With different types the op
    means `quantize_out(clamp(dequantize_in(in), min, max))` and the bounds are
    computed in the result type.

    `min <= max` is required; NaN bounds are rejected.
  }];
  let arguments = (ins QFold_AnyRankTensor:$input,
                       OptionalAttr<F32Attr>:$min,
                       OptionalAttr<F32Attr>:$max,
                       OptionalAttr<QFold_RequantModeAttr>:$requant_mode);
  let extraClassDeclaration = [{
    /// The real range; absent bounds are -inf/+inf.
    double getMinValue();
    double getMaxValue();
  }];
}

//===----------------------------------------------------------------------===//
// add / sub / mul / div
//===----------------------------------------------------------------------===//

// The elementwise binary ops share their operands, broadcasting, fused clamp
// and quantized forms; each states its arithmetic. `hasTfliteForm` is 0 for
// an op that TensorFlow Lite has no integer kernel for: its quantized form
// always computes in f32 as ONNX's DequantizeLinear -> op -> QuantizeLinear.
class QFold_ElementwiseBinaryOp<string mnemonic, bit hasTfliteForm = 1>
    : QFold_Op<mnemonic, [Pure, QFold_RequantizingOpInterface]> {
  let arguments = (ins
    QFold_AnyRankTensor:$lhs,
    QFold_AnyRankTensor:$rhs,
    OptionalAttr<AnyAttrOf<[F32Attr, I64Attr]>>:$clamp_min,
    OptionalAttr<AnyAttrOf<[F32Attr, I64Attr]>>:$clamp_max,
    OptionalAttr<QFold_RequantModeAttr>:$requant_mode
  );
  let results = (outs QFold_AnyRankTensor:$output);

  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];

  let extraClassDeclaration = [{
    bool isQuantized();
    /// False when the quantized form has no TFLite integer kernel (it then
    /// always computes in f32, as ONNX does).
    static constexpr bool hasTfliteForm() { return }] # !if(hasTfliteForm, "true", "false") # [{; }
    double getFloatClampMin();
    double getFloatClampMax();
    int64_t getQuantClampMin();
    int64_t getQuantClampMax();
  }];

  let extraClassDefinition = [{
    bool $cppClass::isQuantized() {
      return !::mlir::qfold::verifier::isF32Tensor(getOutput().getType());
    }
    double $cppClass::getFloatClampMin() {
      return ::mlir::qfold::verifier::getFloatBound(
          getClampMinAttr(), -std::numeric_limits<double>::infinity());
    }
    double $cppClass::getFloatClampMax() {
      return ::mlir::qfold::verifier::getFloatBound(
          getClampMaxAttr(), std::numeric_limits<double>::infinity());
    }
    int64_t $cppClass::getQuantClampMin() {
      return ::mlir::qfold::verifier::getIntBound(
          getClampMinAttr(), getQuantInfo(getType())->storageMin);
    }
    int64_t $cppClass::getQuantClampMax() {
      return ::mlir::qfold::verifier::getIntBound(
          getClampMaxAttr(), getQuantInfo(getType())->storageMax);
    }
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::qfold::verifier::verifyElementwiseBinaryOp(
          getOperation(), hasTfliteForm());
    }
  }];

  let hasVerifier = 1;
}

def QFold_AddOp : QFold_ElementwiseBinaryOp<"add"> {
  let summary = "elementwise addition with broadcasting, float or quantized, with a fused clamp";
  let description = [{
    Adds `lhs` and `rhs` elementwise and clamps the sum to the fused range
    `[clamp_min, clamp_max]`. The operands have the result's rank; a
    dimension of size 1 in one operand is broadcast along the other's (ONNX
    and NumPy broadcasting after the importer has aligned the ranks).

    **Float form** (all f32): `out = min(max(lhs + rhs, clamp_min),
    clamp_max)`; absent bounds are -inf/+inf.

    **Quantized form** (a residual connection): operands and result are
    per-tensor `!quant.uniform` with i8 or u8 storage and f32 expressed type,
    each with its own scale and zero point. The result is

    ```
    out = clamp(out_zp + round((lhs_scale * (lhs - lhs_zp) + rhs_scale * (rhs - rhs_zp)) / out_scale),
                clamp_min, clamp_max)
    ```

    where `clamp_min`/`clamp_max` are integers in the result's storage domain
    (default: its storage range, so the clamp is also the quantizer's
    saturation; a fused ReLU is `clamp_min = out_zp`). `requant_mode` selects
    the rounding: `onnx` computes exactly ONNX's DequantizeLinear -> Add ->
    QuantizeLinear in f32 (round half to even); `tflite` is TensorFlow Lite's
    integer add (both inputs shifted left by 20 bits and rescaled to twice the
    larger input scale by Q31 multipliers, summed, and rescaled to the
    output).

    A float add of a per-output-channel constant to a convolution's result
    folds into the convolution's bias; one before a convolution, into its
    filter, bias and padding values (canonicalization).
  }];
  let hasCanonicalizer = 1;
}

def QFold_SubOp : QFold_ElementwiseBinaryOp<"sub"> {
  let summary = "elementwise subtraction with broadcasting, float or quantized, with a fused clamp";
  let description = [{
    `lhs - rhs` elementwise, with the broadcasting, fused clamp and types of
    `qfold.add`. Quantized: `onnx` computes ONNX's DequantizeLinear -> Sub ->
    QuantizeLinear in f32; `tflite` is TensorFlow Lite's integer Sub (the add's
    arithmetic with the rescaled right operand subtracted).

    A float subtraction of a per-channel constant before a convolution (an
    input normalization) folds into it (canonicalization).
  }];
  let hasCanonicalizer = 1;
}

def QFold_MulOp : QFold_ElementwiseBinaryOp<"mul"> {
  let summary = "elementwise multiplication with broadcasting, float or quantized, with a fused clamp";
  let description = [{
    `lhs * rhs` elementwise, with the broadcasting, fused clamp and types of
    `qfold.add`. Quantized: `onnx` computes ONNX's DequantizeLinear -> Mul ->
    QuantizeLinear in f32; `tflite` is TensorFlow Lite's integer Mul:

    ```
    out = clamp(out_zp + MultiplyByQuantizedMultiplier((lhs - lhs_zp) * (rhs - rhs_zp),
                                                       lhs_scale * rhs_scale / out_scale),
                clamp_min, clamp_max)
    ```

    A float multiplication of a convolution's result by a per-output-channel
    constant (a Caffe-style Scale layer) folds into the convolution's weights
    and bias; one before a convolution, into its weights, bias and padding
    values (canonicalization).
  }];
  let hasCanonicalizer = 1;
}

def QFold_DivOp : QFold_ElementwiseBinaryOp<"div", /*hasTfliteForm=*/0> {
  let summary = "elementwise division with broadcasting, float or quantized, with a fused clamp";
  let description = [{
    `lhs / rhs` elementwise (IEEE division: a zero divisor gives an infinity
    or NaN), with the broadcasting, fused clamp and types of `qfold.add`.
    Quantized: ONNX's DequantizeLinear -> Div -> QuantizeLinear in f32 (a NaN
    quotient quantizes to the clamp's lower bound); TensorFlow Lite has no
    integer Div for int8, so `requant_mode = tflite` is rejected.

    A float division of a convolution's result by a per-output-channel
    constant folds into the convolution's weights and bias; one before a
    convolution, into its weights and padding values (canonicalization).
  }];
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// max_pool2d / avg_pool2d
//===----------------------------------------------------------------------===//

class QFold_Pool2DOp<string mnemonic, list<Trait> traits = []>
    : QFold_Op<mnemonic, !listconcat([Pure], traits)> {
  let results = (outs QFold_Tensor4D:$output);
  let assemblyFormat = [{
    $input attr-dict `:` custom<ActivationTypes>(type($input), type($output))
  }];
  let hasVerifier = 1;
}

def QFold_MaxPool2DOp : QFold_Pool2DOp<"max_pool2d"> {
  let summary = "2-D max pooling (NCHW), float or quantized";
  let description = [{
    The maximum over each `kernel = [KH, KW]` window of an NCHW input, with
    `strides = [sh, sw]`, `dilations = [dh, dw]` and
    `pads = [top, left, bottom, right]` (padding never wins the maximum):

    ```
    out[n, c, y, x] = max_{ky, kx} in[n, c, y*sh + ky*dh - top, x*sw + kx*dw - left]
    ```

    over the window positions inside the input. The output size is
    `floor((H + top + bottom - dh * (KH - 1) - 1) / sh) + 1`, or with
    `ceil_mode` the ceiling, less one when the last window would start past
    the input and its top (left) padding, as in ONNX and PyTorch. Every pad
    must be smaller than the dilated kernel extent, so that each window
    overlaps the input.

    Quantized form: per-tensor `!quant.uniform` input and result of the same
    type. The maximum is taken on the stored integers: dequantization is
    monotone, so it commutes with the maximum and no requantization is
    needed. (A rescaling after the pool is a `qfold.clamp` into the other
    type.)
  }];
  let arguments = (ins
    QFold_Tensor4D:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<BoolAttr, "false">:$ceil_mode
  );
}

def QFold_AvgPool2DOp : QFold_Pool2DOp<"avg_pool2d",
    [QFold_RequantizingOpInterface]> {
  let summary = "2-D average pooling (NCHW), float or quantized";
  let description = [{
    The mean over each `kernel = [KH, KW]` window of an NCHW input, with
    `strides`, `pads = [top, left, bottom, right]` and `ceil_mode` as in
    `qfold.max_pool2d`:

    ```
    out[n, c, y, x] = (sum_{ky, kx} in[n, c, y*sh + ky - top, x*sw + kx - left]) / count(y, x)
    ```

    where padding reads as (real) 0 and `count(y, x)` is the number of window
    positions inside the input, or, with `count_include_pad`, inside the
    padded input (`[-top, H + bottom) x [-left, W + right)`; the extra
    windows of `ceil_mode` are never counted). A global average pool is the
    window of the whole input.

    **Quantized form**: per-tensor `!quant.uniform` input and result with i8
    or u8 storage (their scales and zero points may differ). The sum of
    `in - in_zp` is exact in i32 and rounded once:

    ```
    out = clamp(out_zp + requantize(sum, in_scale / (count * out_scale)), qmin, qmax)
    ```

    with `requantize` as in `qfold.conv2d` (`requant_mode`). Every window
    must then count the same number of positions (no padding, or padding
    counted with `count_include_pad` and no `ceil_mode` overhang), so that
    one multiplier serves the whole tensor.
  }];
  let arguments = (ins
    QFold_Tensor4D:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
    DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
    OptionalAttr<QFold_RequantModeAttr>:$requant_mode
  );
  let extraClassDeclaration = [{
    /// The number of positions each output window counts, row-major over
    /// [OH, OW] (the divisors of the mean).
    ::llvm::SmallVector<int64_t> getWindowCounts();
  }];
}

//===----------------------------------------------------------------------===//
// quad_dot (CPU code generation)
//===----------------------------------------------------------------------===//

def QFold_QuadDotOp : QFold_Op<"quad_dot", [Pure,
    AllTypesMatch<["acc", "result"]>, AllTypesMatch<["lhs", "rhs"]>]> {
  let summary = "u8 x i8 dot products of byte quads accumulated into i32 lanes";
  let description = [{
    The operation of x86's `vpdpbusd` (AVX512-VNNI, AVX-VNNI), exact and
    defined on every target: for each i32 lane `i` of `acc`,

    ```
    result[i] = acc[i] + sum_{k < 4} zext(lhs[4i + k]) * sext(rhs[4i + k])
    ```

    in wrapping i32 arithmetic (the products and the 4-term sum fit i32
    exactly; only the accumulation wraps, which callers rule out). qfold's
    codegen emits it for integer convolutions that reduce four input channels
    per step; `qfold-lower-quad-dots` lowers it to the instruction on VNNI
    targets and to generic vector arithmetic, with the same results,
    elsewhere.

    ```mlir
    %r = qfold.quad_dot %acc, %a, %b : vector<16xi32>, vector<64xi8>
    ```
  }];
  let arguments = (ins VectorOfRankAndType<[1], [I32]>:$acc,
                       VectorOfRankAndType<[1], [I8]>:$lhs,
                       VectorOfRankAndType<[1], [I8]>:$rhs);
  let results = (outs VectorOfRankAndType<[1], [I32]>:$result);
  let assemblyFormat = [{
    $acc `,` $lhs `,` $rhs attr-dict `:` type($acc) `,` type($lhs)
  }];
  let hasVerifier = 1;
}

#endif // QFOLD_DIALECT_QFOLD_IR_QFOLDOPS_TD
