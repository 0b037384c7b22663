//===- DataMovementTiling.cpp - tiled layout transposes and copies --------===//
//
// The data movement around the convolutions (the NCHW <-> NHWC boundary,
// copies of padded arguments, elementwise sign flips and widenings) tiled
// into blocks that vectorize, instead of the element-at-a-time loops (and
// strided, cache-missing reads) of the loop lowering.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;

/// True for an elementwise linalg.generic (identity maps, all parallel):
/// data movement such as the sign flip of u8 inputs or a widening.
bool mlir::qfold::isIdentityElementwise(linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  return generic && generic.getNumReductionLoops() == 0 &&
         llvm::all_of(generic.getIndexingMapsArray(),
                      [](AffineMap map) { return map.isIdentity(); });
}

linalg::GenericOp mlir::qfold::fuseElementwiseProducer(RewriterBase &rewriter,
                                                       OpOperand &operand) {
  auto consumer = dyn_cast<linalg::GenericOp>(operand.getOwner());
  auto producer = operand.get().getDefiningOp<linalg::GenericOp>();
  // The producer may read per-channel operands (a convolution's epilogue):
  // all parallel, one result written in order.
  if (!consumer || !producer || !producer->hasOneUse() ||
      producer->getNumResults() != 1 || producer.getNumReductionLoops() != 0 ||
      !producer.getIndexingMapsArray().back().isIdentity() ||
      !isIdentityElementwise(consumer) ||
      !linalg::areElementwiseOpsFusable(&operand))
    return nullptr;
  // (The fusion creates the fused op at the insertion point.)
  rewriter.setInsertionPoint(consumer);
  FailureOr<linalg::ElementwiseOpFusionResult> fused =
      linalg::fuseElementwiseOps(rewriter, &operand);
  if (failed(fused))
    return nullptr;
  auto fusedOp = cast<linalg::GenericOp>(fused->fusedOp);
  for (OpResult result : consumer->getResults())
    rewriter.replaceAllUsesWith(result, fused->replacements.lookup(result));
  rewriter.eraseOp(consumer);
  rewriter.eraseOp(producer);
  return fusedOp;
}

void mlir::qfold::fuseElementwiseChains(RewriterBase &rewriter,
                                        func::FuncOp func) {
  SmallVector<linalg::GenericOp> consumers;
  func.walk([&](linalg::GenericOp op) {
    if (op->getNumResults() == 1 && !op->getParentOfType<scf::ForOp>())
      consumers.push_back(op);
  });
  // Each fusion erases its consumer and producer; the fused op is the
  // producer a later consumer in the list may fuse in turn (a chain fuses
  // whole, in program order).
  llvm::SmallPtrSet<Operation *, 16> erased;
  for (linalg::GenericOp consumer : consumers) {
    if (erased.contains(consumer.getOperation()))
      continue;
    for (OpOperand *operand : consumer.getDpsInputOperands()) {
      Operation *producer = operand->get().getDefiningOp();
      if (fuseElementwiseProducer(rewriter, *operand)) {
        erased.insert(consumer.getOperation());
        erased.insert(producer);
        break;
      }
    }
  }
}

/// Tiles a layout transpose (the NCHW <-> NHWC boundary of the convolutions)
/// into `lanes` x `lanes` blocks over the output's innermost dimension and
/// the one that is innermost in the input, so that each block reads and
/// writes whole cache lines and vectorizes into a vector.transpose; the
/// loop lowering would otherwise read the input with a stride of H*W
/// elements, one cache miss per element. Returns the loops to peel.
static SmallVector<LoopLikeOpInterface>
tileTranspose(RewriterBase &rewriter, linalg::TransposeOp transpose,
              int64_t lanes) {
  auto type = dyn_cast<RankedTensorType>(transpose.getInit().getType());
  if (!type || !type.hasStaticShape() || type.getRank() < 2)
    return {};
  ArrayRef<int64_t> perm = transpose.getPermutation();
  int64_t rank = type.getRank();
  // The output dimension that reads the input's innermost dimension.
  int64_t fromInner = llvm::find(perm, rank - 1) - perm.begin();
  SmallVector<int64_t> sizes(rank, 1);
  sizes[rank - 1] = std::min(lanes, type.getDimSize(rank - 1));
  sizes[fromInner] = std::min(lanes, type.getDimSize(fromInner));
  FailureOr<scf::SCFTilingResult> tiled =
      tileAndReplace(rewriter, transpose, sizes);
  if (failed(tiled))
    return {};
  return tiled->loops;
}

/// Tiles an elementwise op or a copy into rows of its innermost dimension
/// (at most 256 elements), each vectorized as a whole. (Canonicalization
/// turns a copy's rows into slices; they bufferize into small memref.copy
/// ops that qfold-memref-copy-to-linalg vectorizes.) Returns the loops to
/// peel.
static SmallVector<LoopLikeOpInterface> tileRows(RewriterBase &rewriter,
                                                 linalg::LinalgOp op) {
  auto type = dyn_cast<RankedTensorType>(op.getDpsInits()[0].getType());
  if (!type || !type.hasStaticShape() || type.getRank() < 1)
    return {};
  SmallVector<int64_t> sizes(type.getRank(), 1);
  sizes.back() = std::min<int64_t>(256, type.getShape().back());
  FailureOr<scf::SCFTilingResult> tiled = tileAndReplace(rewriter, op, sizes);
  if (failed(tiled))
    return {};
  return tiled->loops;
}

void mlir::qfold::copyInsertedArguments(RewriterBase &rewriter,
                                        func::FuncOp func) {
  SmallVector<tensor::InsertSliceOp> argumentInserts;
  func.walk([&](tensor::InsertSliceOp op) {
    if (isa<BlockArgument>(op.getSource()) &&
        !op->getParentOfType<scf::ForOp>() &&
        op.getSourceType().hasStaticShape())
      argumentInserts.push_back(op);
  });
  for (tensor::InsertSliceOp op : argumentInserts) {
    rewriter.setInsertionPoint(op);
    Value slice = tensor::ExtractSliceOp::create(
        rewriter, op.getLoc(), op.getSourceType(), op.getDest(),
        op.getMixedOffsets(), op.getMixedSizes(), op.getMixedStrides());
    Value copy =
        linalg::CopyOp::create(rewriter, op.getLoc(), op.getSource(), slice)
            .getResult(0);
    rewriter.modifyOpInPlace(op, [&] { op.getSourceMutable().assign(copy); });
  }
}

void mlir::qfold::tileDataMovement(RewriterBase &rewriter, func::FuncOp func,
                                   int64_t lanes) {
  // Layout transposes and copies outside the tiles (the function's NCHW
  // boundary, filters re-laid at run time, padded NHWC arguments).
  SmallVector<linalg::LinalgOp> dataMovement;
  func.walk([&](linalg::LinalgOp op) {
    if ((isa<linalg::TransposeOp, linalg::CopyOp>(op.getOperation()) ||
         isIdentityElementwise(op)) &&
        !op->getParentOfType<scf::ForOp>() && op.hasPureTensorSemantics())
      dataMovement.push_back(op);
  });
  for (linalg::LinalgOp op : dataMovement) {
    if (auto transpose = dyn_cast<linalg::TransposeOp>(op.getOperation()))
      peelPartialTiles(rewriter, tileTranspose(rewriter, transpose, lanes));
    else
      peelPartialTiles(rewriter, tileRows(rewriter, op));
  }
}
