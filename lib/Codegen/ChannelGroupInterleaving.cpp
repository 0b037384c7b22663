//===- ChannelGroupInterleaving.cpp - constant filters in channel groups
//---===//

#include "qfold/Codegen/Transforms.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qfold;

/// True if `index` is provably a multiple of `group`: such a constant, or
/// the induction variable of a loop whose lower bound and step are (the
/// reduction loop over channel groups).
static bool isMultipleIndex(Value index, int64_t group) {
  if (std::optional<int64_t> value = getConstantIntValue(index))
    return *value % group == 0;
  auto arg = dyn_cast<BlockArgument>(index);
  auto loop =
      arg ? dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp()) : nullptr;
  if (!loop || loop.getInductionVar() != arg)
    return false;
  std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  return lower && step && *lower % group == 0 && *step % group == 0;
}

/// The constant filter `filter` [..., C, F] (HWCF, or WCF once a kernel row
/// is folded away) re-laid as [..., C/g, gF] with the rows of each group of
/// g input channels interleaved: P[..., p, g*f + i] = W[..., g*p + i, f], the
/// (w0[f], w1[f]) pairs that vpmaddwd multiplies (g = 2) or the quads of
/// vpdpbusd (g = 4).
static DenseIntElementsAttr interleaveChannelGroups(DenseIntElementsAttr filter,
                                                    int64_t group) {
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
        interleaved[(r * channels + c - c % group) * outputs + group * f +
                    c % group] = values[(r * channels + c) * outputs + f];
  SmallVector<int64_t> shape(type.getShape());
  shape[rank - 2] = channels / group;
  shape[rank - 1] = group * outputs;
  return DenseIntElementsAttr::get(
      RankedTensorType::get(shape, type.getElementType()), interleaved);
}

/// Reads of channel groups of a constant filter,
///   transfer_read W[..., kw, c, f] : vector<A x g x B>, c a multiple of g,
/// whose users take one kernel column each (vector.extract [k]), read the
/// filter re-laid by interleaveChannelGroups instead: one vector<gB> per
/// kernel column, already in the order vpmaddwd (g = 2) or vpdpbusd (g = 4)
/// wants, where the original layout costs unpacks and lane permutes per
/// step. Each column's vector<g x B> is then
/// transpose(shape_cast(row : vector<gB> to vector<B x g>)), which the
/// dot-product lowering recognizes (and which is correct, if slower, for any
/// other consumer).
void mlir::qfold::interleaveConstantFilterGroups(RewriterBase &rewriter,
                                                 func::FuncOp func,
                                                 int64_t group) {
  SmallVector<std::pair<vector::TransferReadOp, DenseIntElementsAttr>> reads;
  func.walk([&](vector::TransferReadOp read) {
    DenseIntElementsAttr values;
    VectorType vectorType = read.getVectorType();
    auto sourceType = dyn_cast<RankedTensorType>(read.getBase().getType());
    if (!sourceType || sourceType.getRank() < 3 ||
        !isa<IntegerType>(sourceType.getElementType()) ||
        sourceType.getDimSize(sourceType.getRank() - 2) % group != 0 ||
        vectorType.getRank() != 3 || vectorType.getDimSize(1) != group ||
        read.getMask() || !read.getPermutationMap().isMinorIdentity() ||
        llvm::any_of(read.getInBoundsValues(), [](bool b) { return !b; }) ||
        !matchPattern(read.getBase(), m_Constant(&values)) ||
        !isMultipleIndex(read.getIndices()[sourceType.getRank() - 2], group))
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
    Value &groups = interleavedFilters[read.getBase()];
    if (!groups) {
      rewriter.setInsertionPointAfterValue(read.getBase());
      groups = arith::ConstantOp::create(
          rewriter, read.getLoc(), interleaveChannelGroups(values, group));
    }
    rewriter.setInsertionPoint(read);
    Location loc = read.getLoc();
    VectorType vectorType = read.getVectorType();
    int64_t columns = vectorType.getDimSize(0),
            outputs = vectorType.getDimSize(2);
    int64_t rank = read.getIndices().size();
    Value groupSize = arith::ConstantIndexOp::create(rewriter, loc, group);
    SmallVector<Value> groupIndices(read.getIndices());
    groupIndices[rank - 2] = arith::DivUIOp::create(
        rewriter, loc, groupIndices[rank - 2], groupSize);
    groupIndices[rank - 1] =
        arith::MulIOp::create(rewriter, loc, groupIndices[rank - 1], groupSize);
    auto rowsType = VectorType::get({columns, group * outputs},
                                    vectorType.getElementType());
    // Kernel columns along dimension rank - 3, interleaved groups along the
    // last one.
    AffineMap columnsAndGroups =
        AffineMap::get(rank, 0,
                       {rewriter.getAffineDimExpr(rank - 3),
                        rewriter.getAffineDimExpr(rank - 1)},
                       rewriter.getContext());
    Value rows = vector::TransferReadOp::create(
        rewriter, loc, rowsType, groups, groupIndices,
        AffineMapAttr::get(columnsAndGroups), read.getPadding(),
        /*mask=*/Value(), rewriter.getBoolArrayAttr({true, true}));
    for (Operation *user : llvm::make_early_inc_range(read->getUsers())) {
      auto extract = cast<vector::ExtractOp>(user);
      rewriter.setInsertionPoint(extract);
      Value row = vector::ExtractOp::create(rewriter, loc, rows,
                                            extract.getStaticPosition()[0]);
      Value columnsByGroup = vector::ShapeCastOp::create(
          rewriter, loc,
          VectorType::get({outputs, group}, vectorType.getElementType()), row);
      rewriter.replaceOpWithNewOp<vector::TransposeOp>(extract, columnsByGroup,
                                                       ArrayRef<int64_t>{1, 0});
    }
    rewriter.eraseOp(read);
  }
}
