//===- TileVectorization.cpp - vectorize the tiles
//-------------------------===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::qfold;

/// Vectorizes the static linalg ops that tiling put inside loops.
void mlir::qfold::vectorizeTiles(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::LinalgOp> candidates;
  func.walk([&](linalg::LinalgOp op) {
    if (!op->getParentOfType<scf::ForOp>())
      return;
    if (!isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp,
             linalg::PoolingNwcMaxOp, linalg::PoolingNwcMaxUnsignedOp,
             linalg::PoolingNwcSumOp, linalg::FillOp, linalg::GenericOp,
             linalg::TransposeOp, linalg::CopyOp>(op.getOperation()))
      return;
    if (llvm::any_of(op->getOperandTypes(), [](Type t) {
          auto shaped = dyn_cast<ShapedType>(t);
          return shaped && !shaped.hasStaticShape();
        }))
      return;
    candidates.push_back(op);
  });
  for (linalg::LinalgOp op : candidates) {
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::VectorizationResult> result =
        linalg::vectorize(rewriter, op);
    if (succeeded(result))
      rewriter.replaceOp(op, result->replacements);
  }
}

namespace {

/// transfer_read(transfer_write(v, t)) where the write covers all of the
/// static tensor t: a splat v at the read's type, whatever its rank, and any
/// other v when the read reads all of t too (a shape_cast). (Upstream
/// forwards a write to a read only with the same vector type; the
/// accumulator's zero fill or bias broadcast is written 4-D and read back
/// with its unit dimensions dropped.)
struct ForwardFullWrite : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto write = read.getBase().getDefiningOp<vector::TransferWriteOp>();
    auto tensorType = dyn_cast<RankedTensorType>(read.getBase().getType());
    if (!write || !tensorType || !tensorType.hasStaticShape() ||
        read.getMask() || write.getMask() ||
        write.getVectorType().getShape() != tensorType.getShape() ||
        !write.getPermutationMap().isMinorIdentity() ||
        !llvm::all_of(write.getIndices(), isZeroInteger))
      return failure();
    Attribute splat;
    if (matchPattern(write.getVector(), m_Constant(&splat)) &&
        isa<SplatElementsAttr>(splat)) {
      Attribute value =
          cast<SplatElementsAttr>(splat).getSplatValue<Attribute>();
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          read, DenseElementsAttr::get(read.getVectorType(), value));
      return success();
    }
    // The read's shape is the tensor's without leading unit dimensions.
    ArrayRef<int64_t> shape = tensorType.getShape();
    ArrayRef<int64_t> readShape = read.getVectorType().getShape();
    if (readShape.size() > shape.size() ||
        shape.take_back(readShape.size()) != readShape ||
        llvm::any_of(shape.drop_back(readShape.size()),
                     [](int64_t size) { return size != 1; }) ||
        !read.getPermutationMap().isMinorIdentity() ||
        !llvm::all_of(read.getIndices(), isZeroInteger))
      return failure();
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(read, read.getVectorType(),
                                                     write.getVector());
    return success();
  }
};

} // namespace

void mlir::qfold::populateForwardFullWritePatterns(
    RewritePatternSet &patterns) {
  patterns.add<ForwardFullWrite>(patterns.getContext());
}
