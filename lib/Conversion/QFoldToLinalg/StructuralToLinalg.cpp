//===- StructuralToLinalg.cpp - upstream ops around the qfold ops ---------===//
//
// The importer uses upstream ops where their semantics are exactly the ONNX
// op's: tensor reshapes (Flatten, Reshape), tensor.concat (Concat) and
// linalg.softmax (Softmax). On quantized tensors the tensor ops are rebuilt
// on the storage types (they only move elements); tensor.concat and
// linalg.softmax are decomposed here, since bufferization and the loop
// lowering handle their parts.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;
using namespace mlir::qfold::lowering;

namespace {

/// A region-free tensor dialect op whose types hold quantized elements,
/// rebuilt with the storage types and the same attributes.
struct ConvertTensorStorageTypes : ConversionPattern {
  ConvertTensorStorageTypes(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<tensor::TensorDialect>(op->getDialect()) ||
        op->getNumRegions() != 0 || isa<tensor::ConcatOp>(op))
      return failure();
    SmallVector<Type> resultTypes;
    if (failed(typeConverter->convertTypes(op->getResultTypes(), resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                         op->getAttrs());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }
};

/// tensor.concat -> tensor.empty + tensor.insert_slice per operand.
struct DecomposeConcat : OpConversionPattern<tensor::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(tensor::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = typeConverter->convertType(op.getType());
    if (!resultType)
      return failure();
    auto storage = tensor::ConcatOp::create(rewriter, op.getLoc(), resultType,
                                            op.getDim(), adaptor.getInputs());
    FailureOr<SmallVector<Value>> parts = storage.decomposeOperation(rewriter);
    if (failed(parts))
      return failure();
    rewriter.replaceOp(op, *parts);
    rewriter.eraseOp(storage);
    return success();
  }
};

/// linalg.softmax -> max, exp(x - max), sum, division (upstream's
/// decomposition, which subtracts the maximum for stability).
struct DecomposeSoftmax : OpConversionPattern<linalg::SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(linalg::SoftmaxOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<SmallVector<Value>> parts = op.decomposeOperation(rewriter);
    if (failed(parts))
      return failure();
    rewriter.replaceOp(op, *parts);
    return success();
  }
};

} // namespace

void lowering::populateStructuralToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConvertTensorStorageTypes, DecomposeConcat, DecomposeSoftmax>(
      converter, patterns.getContext());
}
