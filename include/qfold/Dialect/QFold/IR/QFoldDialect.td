//===- QFoldDialect.td - qfold dialect definition ----------*- tablegen -*-===//
//
// The qfold dialect: convolution blocks (conv -> batch_norm -> relu/clamp) in
// float and quantized form, designed to be folded into a single convolution
// and lowered through linalg.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QFOLDDIALECT_TD
#define QFOLD_DIALECT_QFOLD_IR_QFOLDDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def QFold_Dialect : Dialect {
  let name = "qfold";
  let cppNamespace = "::mlir::qfold";
  let summary = "Convolution blocks with foldable BatchNorm and activations";
  let description = [{
    The `qfold` dialect models the conv -> batch_norm -> relu/clamp blocks of
    convolutional networks, in float (f32) and quantized form. Layouts follow
    ONNX and PyTorch: activations are NCHW, filters OIHW.

    Quantized tensors use the upstream `quant` dialect's types:
    `!quant.uniform<u8:f32, scale:zero_point>` for per-tensor quantization and
    `!quant.uniform<i8:f32:0, {s0, s1, ...}>` for per-output-channel filters.
    A quantized value `q` of such a type denotes the real number
    `scale * (q - zero_point)`.

    The canonicalization patterns fold a batch_norm into the preceding
    convolution and absorb relu/clamp into the convolution's clamp range, so a
    whole block becomes one `qfold.conv2d`.
  }];

  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::tensor::TensorDialect"
  ];

  let useDefaultAttributePrinterParser = 1;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

def QFold_RequantModeTflite : I32EnumAttrCase<"tflite", 0>;
def QFold_RequantModeOnnx : I32EnumAttrCase<"onnx", 1>;

def QFold_RequantMode : I32EnumAttr<"RequantMode",
    "how a quantized op rescales its int32 accumulator",
    [QFold_RequantModeTflite, QFold_RequantModeOnnx]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::qfold";
}

def QFold_RequantModeAttr : EnumAttr<QFold_Dialect, QFold_RequantMode,
                                     "requant_mode"> {
  let summary = "requantization rounding mode";
  let description = [{
    `tflite`: the real multiplier is encoded as a Q31 fixed-point multiplier
    and a power-of-two shift, applied as in TFLite's
    `MultiplyByQuantizedMultiplier` (gemmlowp `SaturatingRoundingDoublingHighMul`
    followed by `RoundingDivideByPOT`).

    `onnx`: the accumulator is converted to f32, multiplied by the f32 real
    multiplier, rounded half to even and saturated, as ONNX `QLinearConv`.
  }];
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def QFold_UniformQuantizedType : Type<
    CPred<"::llvm::isa<::mlir::quant::UniformQuantizedType, "
          "::mlir::quant::UniformQuantizedPerAxisType>($_self)">,
    "uniform quantized type">;

def QFold_ElementType : AnyTypeOf<[F32, QFold_UniformQuantizedType]>;

def QFold_Tensor4D : TensorRankOf<[QFold_ElementType], [4]>;

def QFold_ConvResult : TensorRankOf<[F32, I32, QFold_UniformQuantizedType], [4]>;

def QFold_AnyRankTensor : RankedTensorOf<[QFold_ElementType]>;

def QFold_BiasTensor : TensorRankOf<[F32, I32, QFold_UniformQuantizedType], [1]>;

def QFold_F32Tensor1D : TensorRankOf<[F32], [1]>;

def QFold_F32Tensor : RankedTensorOf<[F32]>;

def QFold_F32Tensor4D : TensorRankOf<[F32], [4]>;

// An i64 attribute read as a signed value: the upstream `I64Attr` returns
// uint64_t, which turns a negative value a user typed into a huge one.
def QFold_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                                 "64-bit signless integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

#endif // QFOLD_DIALECT_QFOLD_IR_QFOLDDIALECT_TD
