//===- ChannelPairInterleaving.cpp - constant filters laid out in pairs ---===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

/// True if `index` is provably even: an even constant, or the induction
/// variable of a loop with an even lower bound and step (the reduction loop
/// over channel pairs).
static bool isEvenIndex(Value index) {
  if (std::optional<int64_t> value = getConstantIntValue(index))
    return *value % 2 == 0;
  auto arg = dyn_cast<BlockArgument>(index);
  auto loop =
      arg ? dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp()) : nullptr;
  if (!loop || loop.getInductionVar() != arg)
    return false;
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  return lower && step && *lower % 2 == 0 && *step % 2 == 0;
}

/// The constant filter `filter` [..., C, F] (HWCF, or WCF once a kernel row
/// is folded away) re-laid as [..., C/2, 2F] with the rows of each input
/// channel pair interleaved: P[..., p, 2f + i] = W[..., 2p + i, f], the
/// (w0[f], w1[f]) pairs that vpmaddwd multiplies.
static DenseIntElementsAttr
interleaveChannelPairs(DenseIntElementsAttr filter) {
  auto type = cast<RankedTensorType>(filter.getType());
  int64_t rank = type.getRank();
  int64_t channels = type.getDimSize(rank - 2),
          outputs = type.getDimSize(rank - 1);
  int64_t rows = type.getNumElements() / (channels * outputs);
  SmallVector<APInt> values(filter.getValues<APInt>());
  SmallVector<APInt> interleaved(values.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < channels; ++c)
      for (int64_t f = 0; f < outputs; ++f)
        interleaved[(r * channels + c - c % 2) * outputs + 2 * f + c % 2] =
            values[(r * channels + c) * outputs + f];
  SmallVector<int64_t> shape(type.getShape());
  shape[rank - 2] = channels / 2;
  shape[rank - 1] = 2 * outputs;
  return DenseIntElementsAttr::get(
      RankedTensorType::get(shape, type.getElementType()), interleaved);
}

/// Reads of channel pairs of a constant i16 filter,
///   transfer_read W[..., kw, c, f] : vector<A x 2 x B>, c even,
/// whose users take one kernel column each (vector.extract [k]), read the
/// filter re-laid by interleaveChannelPairs instead: one vector<2B> per
/// kernel column, already in the order vpmaddwd wants, where the original
/// layout costs qfold-lower-pair-dot-products two unpacks and two lane
/// permutes per step. Each column's vector<2 x B> is then
/// transpose(shape_cast(row : vector<2B> to vector<B x 2>)), which that pass
/// recognizes (and which is correct, if slower, for any other consumer).
void mlir::qfold::interleaveConstantFilterPairs(RewriterBase &rewriter,
                                                func::FuncOp func) {
  SmallVector<std::pair<vector::TransferReadOp, DenseIntElementsAttr>> reads;
  func.walk([&](vector::TransferReadOp read) {
    DenseIntElementsAttr values;
    VectorType vectorType = read.getVectorType();
    auto sourceType = dyn_cast<RankedTensorType>(read.getBase().getType());
    if (!sourceType || sourceType.getRank() < 3 ||
        !sourceType.getElementType().isInteger(16) ||
        sourceType.getDimSize(sourceType.getRank() - 2) % 2 != 0 ||
        vectorType.getRank() != 3 || vectorType.getDimSize(1) != 2 ||
        read.getMask() || !read.getPermutationMap().isMinorIdentity() ||
        llvm::any_of(read.getInBoundsValues(), [](bool b) { return !b; }) ||
        !matchPattern(read.getBase(), m_Constant(&values)) ||
        !isEvenIndex(read.getIndices()[sourceType.getRank() - 2]))
      return;
    if (!llvm::all_of(read->getUsers(), [](Operation *user) {
          auto extract = dyn_cast<vector::ExtractOp>(user);
          return extract && extract.getStaticPosition().size() == 1 &&
                 !ShapedType::isDynamic(extract.getStaticPosition()[0]);
        }))
      return;
    reads.emplace_back(read, values);
  });

  llvm::DenseMap<Value, Value> interleavedFilters;
  for (auto [read, values] : reads) {
    Value &pairs = interleavedFilters[read.getBase()];
    if (!pairs) {
      rewriter.setInsertionPointAfterValue(read.getBase());
      pairs = arith::ConstantOp::create(rewriter, read.getLoc(),
                                        interleaveChannelPairs(values));
    }
    rewriter.setInsertionPoint(read);
    Location loc = read.getLoc();
    VectorType vectorType = read.getVectorType();
    int64_t columns = vectorType.getDimSize(0),
            outputs = vectorType.getDimSize(2);
    int64_t rank = read.getIndices().size();
    Value two = arith::ConstantIndexOp::create(rewriter, loc, 2);
    SmallVector<Value> pairIndices(read.getIndices());
    pairIndices[rank - 2] =
        arith::DivUIOp::create(rewriter, loc, pairIndices[rank - 2], two);
    pairIndices[rank - 1] =
        arith::MulIOp::create(rewriter, loc, pairIndices[rank - 1], two);
    auto rowsType =
        VectorType::get({columns, 2 * outputs}, vectorType.getElementType());
    // Kernel columns along dimension rank - 3, interleaved pairs along the
    // last one.
    AffineMap columnsAndPairs =
        AffineMap::get(rank, 0,
                       {rewriter.getAffineDimExpr(rank - 3),
                        rewriter.getAffineDimExpr(rank - 1)},
                       rewriter.getContext());
    Value rows = vector::TransferReadOp::create(
        rewriter, loc, rowsType, pairs, pairIndices,
        AffineMapAttr::get(columnsAndPairs), read.getPadding(),
        /*mask=*/Value(), rewriter.getBoolArrayAttr({true, true}));
    for (Operation *user : llvm::make_early_inc_range(read->getUsers())) {
      auto extract = cast<vector::ExtractOp>(user);
      rewriter.setInsertionPoint(extract);
      Value row = vector::ExtractOp::create(rewriter, loc, rows,
                                            extract.getStaticPosition()[0]);
      Value columnsByPair = vector::ShapeCastOp::create(
          rewriter, loc,
          VectorType::get({outputs, 2}, vectorType.getElementType()), row);
      rewriter.replaceOpWithNewOp<vector::TransposeOp>(extract, columnsByPair,
                                                       ArrayRef<int64_t>{1, 0});
    }
    rewriter.eraseOp(read);
  }
}
