//===- ChannelGroupContractions.cpp - conv steps over channel groups ------===//

#include "ChannelGroupContractions.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::qfold;

/// The i8 or i16 vector that `value` sign-extends to i32, or null.
static Value getNarrowSource(Value value) {
  auto ext = value.getDefiningOp<arith::ExtSIOp>();
  if (!ext)
    return nullptr;
  Type element = getElementTypeOrSelf(ext.getIn().getType());
  return element.isInteger(8) || element.isInteger(16) ? ext.getIn() : nullptr;
}

FailureOr<ChannelGroupStep>
mlir::qfold::matchChannelGroupStep(vector::ContractionOp op, int64_t group,
                                   int64_t lanes, PatternRewriter &rewriter) {
  if (op.getKind() != vector::CombiningKind::ADD)
    return rewriter.notifyMatchFailure(op, "not an add contraction");
  MLIRContext *ctx = op.getContext();
  AffineExpr n, w, f, c;
  bindDims(ctx, n, w, f, c);
  SmallVector<AffineMap> conv1d = {AffineMap::get(4, 0, {n, w, c}, ctx),
                                   AffineMap::get(4, 0, {c, f}, ctx),
                                   AffineMap::get(4, 0, {n, w, f}, ctx)};
  if (op.getIndexingMapsArray() != conv1d)
    return rewriter.notifyMatchFailure(op, "not a 1-D convolution step");
  auto accType = dyn_cast<VectorType>(op.getAccType());
  if (!accType || accType.getRank() != 3 ||
      !accType.getElementType().isInteger(32) || accType.isScalable())
    return rewriter.notifyMatchFailure(op, "accumulator is not i32");
  ChannelGroupStep step;
  step.batch = accType.getDimSize(0);
  step.columns = accType.getDimSize(1);
  step.channels = accType.getDimSize(2);
  // A tile of 8 channels on a zmm target (a layer of 8 output channels)
  // takes ymm vectors rather than staying widened to i32 multiplies.
  step.lanes = step.channels % lanes == 0 || lanes != 16 ? lanes : 8;
  if (op.getLhsType().getDimSize(2) != group || step.channels % step.lanes)
    return rewriter.notifyMatchFailure(
        op, "not a reduction over the channel group and a multiple of the "
            "lanes");
  step.input = getNarrowSource(op.getLhs());
  step.filter = getNarrowSource(op.getRhs());
  if (!step.input || !step.filter)
    return rewriter.notifyMatchFailure(op, "operands are not i8/i16");
  return step;
}

Value mlir::qfold::getInterleavedGroups(Value filter, int64_t group) {
  auto transpose = filter.getDefiningOp<vector::TransposeOp>();
  if (!transpose || transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
    return nullptr;
  auto cast = transpose.getVector().getDefiningOp<vector::ShapeCastOp>();
  if (!cast || cast.getSourceVectorType().getRank() != 1 ||
      cast.getResultVectorType().getRank() != 2 ||
      cast.getResultVectorType().getDimSize(1) != group)
    return nullptr;
  return cast.getSource();
}

SmallVector<Value> mlir::qfold::getFilterGroups(PatternRewriter &rewriter,
                                                Location loc, Value filter,
                                                int64_t group, int64_t channels,
                                                int64_t lanes) {
  auto slice = [&](Value row, int64_t offset, int64_t size) -> Value {
    return vector::ExtractStridedSliceOp::create(
        rewriter, loc, row, ArrayRef<int64_t>{offset}, ArrayRef<int64_t>{size},
        ArrayRef<int64_t>{1});
  };
  SmallVector<Value> groups;
  if (Value rows = getInterleavedGroups(filter, group)) {
    for (int64_t j = 0; j < channels; j += lanes)
      groups.push_back(slice(rows, group * j, group * lanes));
    return groups;
  }
  // Interleave the rows: element group * f + i of the result is row i's f.
  SmallVector<Value> rows;
  for (int64_t i = 0; i < group; ++i)
    rows.push_back(vector::ExtractOp::create(rewriter, loc, filter, i));
  for (int64_t j = 0; j < channels; j += lanes) {
    Value block = slice(rows[0], j, lanes);
    if (group == 2) {
      groups.push_back(vector::InterleaveOp::create(rewriter, loc, block,
                                                    slice(rows[1], j, lanes)));
      continue;
    }
    // Four rows: concatenate the slices, then one shuffle.
    SmallVector<Value> slices;
    for (int64_t i = 0; i < group; ++i)
      slices.push_back(slice(rows[i], j, lanes));
    Value concat01 = vector::ShuffleOp::create(
        rewriter, loc, slices[0], slices[1],
        llvm::to_vector(llvm::seq<int64_t>(0, 2 * lanes)));
    Value concat23 = vector::ShuffleOp::create(
        rewriter, loc, slices[2], slices[3],
        llvm::to_vector(llvm::seq<int64_t>(0, 2 * lanes)));
    SmallVector<int64_t> mask;
    for (int64_t f = 0; f < lanes; ++f)
      for (int64_t i = 0; i < group; ++i)
        mask.push_back(i * lanes + f);
    groups.push_back(
        vector::ShuffleOp::create(rewriter, loc, concat01, concat23, mask));
  }
  return groups;
}

Value mlir::qfold::broadcastInputGroup(PatternRewriter &rewriter, Location loc,
                                       Value input, int64_t b, int64_t col,
                                       int64_t lanes) {
  auto i32 = rewriter.getI32Type();
  Value group = vector::ExtractOp::create(rewriter, loc, input,
                                          ArrayRef<int64_t>{b, col});
  Value packed = vector::ExtractOp::create(
      rewriter, loc,
      vector::BitCastOp::create(rewriter, loc, VectorType::get({1}, i32),
                                group),
      0);
  return vector::BroadcastOp::create(rewriter, loc,
                                     VectorType::get({lanes}, i32), packed);
}

Value mlir::qfold::updateAccumulators(
    PatternRewriter &rewriter, Location loc, Value acc,
    const ChannelGroupStep &step, int64_t lanes,
    function_ref<Value(int64_t b, int64_t col)> columnInput,
    function_ref<Value(Value acc, Value column, int64_t block)> update) {
  Value result = acc;
  for (int64_t b = 0; b < step.batch; ++b) {
    for (int64_t col = 0; col < step.columns; ++col) {
      Value column = columnInput(b, col);
      Value row = vector::ExtractOp::create(rewriter, loc, result,
                                            ArrayRef<int64_t>{b, col});
      for (int64_t j = 0; j < step.channels; j += lanes) {
        Value block = vector::ExtractStridedSliceOp::create(
            rewriter, loc, row, ArrayRef<int64_t>{j}, ArrayRef<int64_t>{lanes},
            ArrayRef<int64_t>{1});
        row = vector::InsertStridedSliceOp::create(
            rewriter, loc, update(block, column, j / lanes), row,
            ArrayRef<int64_t>{j}, ArrayRef<int64_t>{1});
      }
      result = vector::InsertOp::create(rewriter, loc, row, result,
                                        ArrayRef<int64_t>{b, col});
    }
  }
  return result;
}
