//===- MathNodes.cpp - Add, Sub, Mul, Div, Gemm, MatMul, Softmax ----------===//

#include "NodeConverters.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::onnx_import;

namespace {

/// `value` with leading dimensions of size 1 up to `rank` (ONNX
/// broadcasting aligns shapes at the right).
Value alignRank(OpBuilder &b, Location loc, Value value, int64_t rank) {
  RankedTensorType type = getType(value);
  if (type.getRank() == rank)
    return value;
  SmallVector<int64_t> shape(rank - type.getRank(), 1);
  llvm::append_range(shape, type.getShape());
  return reshapeStatic(b, loc, value, shape);
}

/// A float qfold.add, sub, mul or div (`BinaryOp`) with ONNX broadcasting,
/// or failure (diagnosed).
template <typename BinaryOp>
FailureOr<Value> createFloatBinary(Importer &im, const onnx::NodeProto &node,
                                   Value lhs, Value rhs) {
  Location loc = im.getLoc(node);
  int64_t rank = std::max(getType(lhs).getRank(), getType(rhs).getRank());
  lhs = alignRank(im.builder, loc, lhs, rank);
  rhs = alignRank(im.builder, loc, rhs, rank);
  FailureOr<SmallVector<int64_t>> shape =
      inferBroadcastShape(getType(lhs).getShape(), getType(rhs).getShape());
  if (failed(shape) || !getType(lhs).hasStaticShape() ||
      !getType(rhs).hasStaticShape()) {
    im.emitNodeError(node) << "the input shapes " << getType(lhs) << " and "
                           << getType(rhs)
                           << " must be static and broadcastable";
    return failure();
  }
  return BinaryOp::create(im.builder, loc, getType(lhs).clone(*shape), lhs, rhs,
                          nullptr, nullptr, nullptr)
      .getOutput();
}

/// A splat constant of `type` (an integer tensor).
Value createIntSplat(OpBuilder &b, Location loc, RankedTensorType type,
                     int64_t value) {
  return arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(type, APInt(type.getElementTypeBitWidth(), value,
                                         /*isSigned=*/true)));
}

/// Integer division truncating toward zero, as ONNX Runtime computes it. The
/// cases where the machine instruction traps are defined instead: x / 0 is 0
/// (ONNX leaves it undefined; a compiled model must not crash on its data)
/// and a signed x / -1 is -x, wrapping (so INT_MIN / -1 is INT_MIN).
Value createIntDivide(OpBuilder &b, Location loc, Value lhs, Value rhs,
                      bool isSigned) {
  auto type = cast<RankedTensorType>(lhs.getType());
  Value zero = createIntSplat(b, loc, type, 0);
  Value one = createIntSplat(b, loc, type, 1);
  Value isZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, zero);
  if (!isSigned) {
    Value divisor = arith::SelectOp::create(b, loc, isZero, one, rhs);
    Value quotient = arith::DivUIOp::create(b, loc, lhs, divisor);
    return arith::SelectOp::create(b, loc, isZero, zero, quotient);
  }
  Value minusOne = createIntSplat(b, loc, type, -1);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rhs, minusOne);
  Value special = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  Value divisor = arith::SelectOp::create(b, loc, special, one, rhs);
  Value quotient = arith::DivSIOp::create(b, loc, lhs, divisor);
  Value negated = arith::SubIOp::create(b, loc, zero, lhs);
  Value nonZero =
      arith::SelectOp::create(b, loc, isMinusOne, negated, quotient);
  return arith::SelectOp::create(b, loc, isZero, zero, nonZero);
}

/// The constant matrix `matrix` scaled by `factor` as an [M, K, 1, 1]
/// filter (transposed from [K, M] unless `outputMajor`), a constant of that
/// shape so that quantization sees constant weights.
Value createScaledFilter(OpBuilder &b, Location loc, const HostTensor &matrix,
                         float factor, bool outputMajor) {
  int64_t rows = matrix.shape[0], cols = matrix.shape[1];
  bool transpose = !outputMajor;
  SmallVector<int64_t> shape = transpose
                                   ? SmallVector<int64_t>{cols, rows, 1, 1}
                                   : SmallVector<int64_t>{rows, cols, 1, 1};
  std::vector<float> values(rows * cols);
  const float *data = matrix.data<float>();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      values[transpose ? c * rows + r : r * cols + c] =
          factor == 1.0f ? data[r * cols + c] : factor * data[r * cols + c];
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef(values)));
}

/// Y = A x W^T + bias as a 1x1 qfold.conv2d over [N, K, 1, 1] with the
/// filter W [M, K] as [M, K, 1, 1], so that BatchNorm folding, activation
/// fusion and quantization treat a fully connected layer as the convolution
/// it is.
Value createFullyConnected(Importer &im, Location loc, Value a, Value filter,
                           Value bias) {
  OpBuilder &builder = im.builder;
  int64_t n = getType(a).getDimSize(0), k = getType(a).getDimSize(1);
  int64_t m = getType(filter).getDimSize(0);
  filter = reshapeStatic(builder, loc, filter, {m, k, 1, 1});
  Value input = reshapeStatic(builder, loc, a, {n, k, 1, 1});
  auto conv = Conv2DOp::create(builder, loc, input, filter, bias, {1, 1},
                               {1, 1}, {0, 0, 0, 0}, 1);
  return reshapeStatic(builder, loc, conv.getOutput(), {n, m});
}

/// linalg.matmul of two f32 matrices.
Value createMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  int64_t n = getType(lhs).getDimSize(0), m = getType(rhs).getDimSize(1);
  auto type = RankedTensorType::get({n, m}, b.getF32Type());
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  Value init = linalg::FillOp::create(
                   b, loc, zero,
                   Value(tensor::EmptyOp::create(b, loc, type.getShape(),
                                                 type.getElementType())))
                   .getResult(0);
  return linalg::MatmulOp::create(b, loc, type, ValueRange{lhs, rhs}, init)
      .getResult(0);
}

Value transpose2D(OpBuilder &b, Location loc, Value value) {
  RankedTensorType type = getType(value);
  Value init = tensor::EmptyOp::create(
      b, loc, {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value, init,
                                     ArrayRef<int64_t>{1, 0})
      ->getResult(0);
}

/// `value` * `factor` elementwise (arith on tensors, lowered to linalg).
Value scale(OpBuilder &b, Location loc, Value value, float factor) {
  if (factor == 1.0f)
    return value;
  auto splat = DenseElementsAttr::get(getType(value), factor);
  return arith::MulFOp::create(b, loc, value,
                               arith::ConstantOp::create(b, loc, splat));
}

} // namespace

namespace {
enum class BinaryKind { Add, Sub, Mul, Div };
} // namespace

/// ONNX Add, Sub, Mul and Div. Float: a qfold.add/sub/mul/div with
/// broadcasting; a Sub's constant subtrahend is negated into an add (x - c
/// is x + (-c) exactly: negation is exact in IEEE arithmetic, and so are the
/// signed zeros, x - (+0) = x + (-0) for every x), so that it folds into a
/// conv before it like any per-channel shift. Integers wrap around (ONNX's
/// semantics), as arith.addi/subi/muli do on the signless storage; integer
/// division truncates (createIntDivide).
static LogicalResult convertBinary(Importer &im, const onnx::NodeProto &node,
                                   BinaryKind kind) {
  FailureOr<GraphValue *> a = im.getInput(node, 0);
  FailureOr<GraphValue *> b = im.getInput(node, 1);
  if (failed(a) || failed(b))
    return failure();
  if ((*a)->dtype != (*b)->dtype)
    return im.emitNodeError(node)
           << "the inputs have different types (" << getDTypeName((*a)->dtype)
           << " and " << getDTypeName((*b)->dtype) << ")";
  if ((*a)->dtype == DType::F32) {
    Value lhs = im.materialize(**a);
    FailureOr<Value> result;
    switch (kind) {
    case BinaryKind::Add:
      result = createFloatBinary<AddOp>(im, node, lhs, im.materialize(**b));
      break;
    case BinaryKind::Sub:
      if ((*b)->constant) {
        GraphValue negated{Value(), DType::F32, *(*b)->constant};
        for (int64_t i = 0, e = negated.constant->getNumElements(); i < e; ++i)
          negated.constant->data<float>()[i] =
              -negated.constant->data<float>()[i];
        result =
            createFloatBinary<AddOp>(im, node, lhs, im.materialize(negated));
      } else {
        result = createFloatBinary<SubOp>(im, node, lhs, im.materialize(**b));
      }
      break;
    case BinaryKind::Mul:
      result = createFloatBinary<MulOp>(im, node, lhs, im.materialize(**b));
      break;
    case BinaryKind::Div:
      result = createFloatBinary<DivOp>(im, node, lhs, im.materialize(**b));
      break;
    }
    if (failed(result))
      return failure();
    im.setOutput(node, 0, *result, DType::F32);
    return success();
  }
  Value lhs = im.materialize(**a), rhs = im.materialize(**b);
  if (getType(lhs) != getType(rhs))
    return im.emitUnsupported(node)
           << "broadcasting integer inputs is not supported";
  if (kind == BinaryKind::Div && !getType(lhs).hasStaticShape())
    return im.emitUnsupported(node)
           << "integer division of a dynamically shaped tensor is not "
              "supported";
  Location loc = im.getLoc(node);
  OpBuilder &builder = im.builder;
  Value result;
  switch (kind) {
  case BinaryKind::Add:
    result = arith::AddIOp::create(builder, loc, lhs, rhs);
    break;
  case BinaryKind::Sub:
    result = arith::SubIOp::create(builder, loc, lhs, rhs);
    break;
  case BinaryKind::Mul:
    result = arith::MulIOp::create(builder, loc, lhs, rhs);
    break;
  case BinaryKind::Div:
    result = createIntDivide(builder, loc, lhs, rhs,
                             /*isSigned=*/(*a)->dtype != DType::U8);
    break;
  }
  im.setOutput(node, 0, result, (*a)->dtype);
  return success();
}

LogicalResult onnx_import::convertAdd(Importer &im,
                                      const onnx::NodeProto &node) {
  return convertBinary(im, node, BinaryKind::Add);
}

LogicalResult onnx_import::convertSub(Importer &im,
                                      const onnx::NodeProto &node) {
  return convertBinary(im, node, BinaryKind::Sub);
}

LogicalResult onnx_import::convertMul(Importer &im,
                                      const onnx::NodeProto &node) {
  return convertBinary(im, node, BinaryKind::Mul);
}

LogicalResult onnx_import::convertDiv(Importer &im,
                                      const onnx::NodeProto &node) {
  return convertBinary(im, node, BinaryKind::Div);
}

LogicalResult onnx_import::convertGemm(Importer &im,
                                       const onnx::NodeProto &node) {
  FailureOr<GraphValue *> a = im.getInput(node, 0);
  FailureOr<GraphValue *> b = im.getInput(node, 1);
  FailureOr<GraphValue *> c = im.getInput(node, 2, /*optional=*/true);
  if (failed(a) || failed(b) || failed(c))
    return failure();
  if ((*a)->dtype != DType::F32 || (*b)->dtype != DType::F32 ||
      (*c && (*c)->dtype != DType::F32))
    return im.emitUnsupported(node) << "only FLOAT inputs are supported";
  Location loc = im.getLoc(node);
  OpBuilder &builder = im.builder;
  float alpha = im.getFloatAttr(node, "alpha", 1.0f);
  float beta = im.getFloatAttr(node, "beta", 1.0f);
  bool transA = im.getIntAttr(node, "transA", 0) != 0;
  bool transB = im.getIntAttr(node, "transB", 0) != 0;
  Value lhs = im.materialize(**a);
  RankedTensorType bType = getType(im.materialize(**b));
  if (getType(lhs).getRank() != 2 || bType.getRank() != 2 ||
      !getType(lhs).hasStaticShape() || !bType.hasStaticShape())
    return im.emitNodeError(node) << "A and B must be static matrices";
  if (transA)
    lhs = transpose2D(builder, loc, lhs);
  int64_t n = getType(lhs).getDimSize(0), k = getType(lhs).getDimSize(1);
  int64_t kB = bType.getDimSize(transB ? 1 : 0);
  int64_t m = bType.getDimSize(transB ? 0 : 1);
  if (k != kB)
    return im.emitNodeError(node)
           << "A' is " << n << "x" << k << " but B' is " << kB << "x" << m;

  // The conv form takes constant weights, scaled by alpha, or dequantized
  // [M, K] weights (a Q/DQ model's), which fuse into a quantized conv.
  Value rhs = im.materialize(**b);
  bool dequantizedWeights =
      transB && alpha == 1.0f && rhs.getDefiningOp<quant::DequantizeCastOp>();
  bool convForm = (*b)->constant || dequantizedWeights;

  // A constant C that is one value per output column is the conv's bias;
  // so is a 1-D C of M values (a Q/DQ model's dequantized i32 bias).
  Value bias;
  bool cIsBias = false;
  if (*c && convForm && !(*c)->constant && beta == 1.0f) {
    Value cValue = im.materialize(**c);
    if (getType(cValue).getShape() == ArrayRef<int64_t>{m}) {
      bias = cValue;
      cIsBias = true;
    }
  }
  if (*c && (*c)->constant && convForm) {
    const HostTensor &cTensor = *(*c)->constant;
    int64_t count = cTensor.getNumElements();
    bool perColumn =
        count == m && (cTensor.shape.size() == 1 ||
                       (cTensor.shape.size() == 2 && cTensor.shape[0] == 1));
    if (perColumn || count == 1) {
      std::vector<float> values(m);
      for (int64_t j = 0; j < m; ++j)
        values[j] = beta * float(cTensor.getAsDouble(count == 1 ? 0 : j));
      bias = arith::ConstantOp::create(
          builder, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({m}, builder.getF32Type()),
              ArrayRef(values)));
      cIsBias = true;
    }
  }

  Value result;
  if (convForm) {
    Value filter =
        (*b)->constant
            ? createScaledFilter(builder, loc, *(*b)->constant, alpha, transB)
            : rhs;
    result = createFullyConnected(im, loc, lhs, filter, bias);
  } else {
    if (transB)
      rhs = transpose2D(builder, loc, rhs);
    result = scale(builder, loc, createMatmul(builder, loc, lhs, rhs), alpha);
  }
  if (*c && !cIsBias) {
    Value cValue = scale(builder, loc, im.materialize(**c), beta);
    FailureOr<Value> sum = createFloatBinary<AddOp>(im, node, result, cValue);
    if (failed(sum))
      return failure();
    result = *sum;
  }
  im.setOutput(node, 0, result, DType::F32);
  return success();
}

LogicalResult onnx_import::convertMatMul(Importer &im,
                                         const onnx::NodeProto &node) {
  FailureOr<GraphValue *> a = im.getInput(node, 0);
  FailureOr<GraphValue *> b = im.getInput(node, 1);
  if (failed(a) || failed(b))
    return failure();
  if ((*a)->dtype != DType::F32 || (*b)->dtype != DType::F32)
    return im.emitUnsupported(node) << "only FLOAT inputs are supported";
  Location loc = im.getLoc(node);
  OpBuilder &builder = im.builder;
  Value lhs = im.materialize(**a), rhs = im.materialize(**b);
  RankedTensorType lhsType = getType(lhs), rhsType = getType(rhs);
  if (!lhsType.hasStaticShape() || !rhsType.hasStaticShape() ||
      lhsType.getRank() < 2 || rhsType.getRank() < 2)
    return im.emitUnsupported(node)
           << "only static inputs of rank >= 2 are supported";
  int64_t k = lhsType.getShape().back();
  if (rhsType.getDimSize(rhsType.getRank() - 2) != k)
    return im.emitNodeError(node)
           << "the inner dimensions differ: " << lhsType << " x " << rhsType;
  int64_t m = rhsType.getShape().back();
  SmallVector<int64_t> resultShape(lhsType.getShape().drop_back());
  resultShape.push_back(m);

  // A 2-D right operand: the rows of every batch are one matrix.
  if (rhsType.getRank() == 2) {
    int64_t rows = lhsType.getNumElements() / k;
    Value flat = reshapeStatic(builder, loc, lhs, {rows, k});
    Value product =
        (*b)->constant
            ? createFullyConnected(im, loc, flat,
                                   createScaledFilter(builder, loc,
                                                      *(*b)->constant, 1.0f,
                                                      /*outputMajor=*/false),
                                   Value())
            : createMatmul(builder, loc, flat, rhs);
    im.setOutput(node, 0, reshapeStatic(builder, loc, product, resultShape),
                 DType::F32);
    return success();
  }
  // Equal batch dimensions: one batch_matmul.
  if (lhsType.getShape().drop_back(2) != rhsType.getShape().drop_back(2))
    return im.emitUnsupported(node)
           << "broadcasting batch dimensions is not supported";
  int64_t batch =
      lhsType.getNumElements() /
      (lhsType.getShape().back() * lhsType.getShape().drop_back().back());
  int64_t n = lhsType.getDimSize(lhsType.getRank() - 2);
  Value l3 = reshapeStatic(builder, loc, lhs, {batch, n, k});
  Value r3 = reshapeStatic(builder, loc, rhs, {batch, k, m});
  auto type = RankedTensorType::get({batch, n, m}, builder.getF32Type());
  Value zero =
      arith::ConstantOp::create(builder, loc, builder.getF32FloatAttr(0.0f));
  Value init = linalg::FillOp::create(
                   builder, loc, zero,
                   Value(tensor::EmptyOp::create(builder, loc, type.getShape(),
                                                 type.getElementType())))
                   .getResult(0);
  Value product = linalg::BatchMatmulOp::create(builder, loc, type,
                                                ValueRange{l3, r3}, init)
                      .getResult(0);
  im.setOutput(node, 0, reshapeStatic(builder, loc, product, resultShape),
               DType::F32);
  return success();
}

LogicalResult onnx_import::convertSoftmax(Importer &im,
                                          const onnx::NodeProto &node) {
  FailureOr<Value> x = getFloatInput(im, node, 0);
  if (failed(x))
    return failure();
  Location loc = im.getLoc(node);
  OpBuilder &b = im.builder;
  Value input = *x;
  RankedTensorType type = getType(input);
  if (!type.hasStaticShape() || type.getRank() == 0)
    return im.emitUnsupported(node)
           << "only static inputs of rank >= 1 are supported";
  bool coerced = im.opset < 13;
  FailureOr<int64_t> axis =
      normalizeAxis(im, node, im.getIntAttr(node, "axis", coerced ? 1 : -1),
                    type.getRank(), "axis");
  if (failed(axis))
    return failure();
  // Before opset 13 the input is a 2-D matrix of the dimensions before and
  // from `axis`, normalized along its rows.
  Value operand = input;
  int64_t dim = *axis;
  if (coerced) {
    int64_t outer = 1;
    for (int64_t i = 0; i < *axis; ++i)
      outer *= type.getDimSize(i);
    operand =
        reshapeStatic(b, loc, input, {outer, type.getNumElements() / outer});
    dim = 1;
  }
  RankedTensorType operandType = getType(operand);
  Value init = tensor::EmptyOp::create(b, loc, operandType.getShape(),
                                       operandType.getElementType());
  Value result =
      linalg::SoftmaxOp::create(b, loc, operandType, operand, init, dim)
          .getResult()[0];
  im.setOutput(node, 0, reshapeStatic(b, loc, result, type.getShape()),
               DType::F32);
  return success();
}
