//===- LowerPairDotProducts.cpp - channel pairs to vpmaddwd ---------------===//
//
// Integer convolution steps over two input channels become vpmaddwd: two
// multiply-adds per i32 lane instead of one with vpmulld + vpaddd. On VNNI
// hosts LLVM fuses vpmaddwd and the accumulating add into vpdpwssd.
//
//===----------------------------------------------------------------------===//

#include "qfold/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qfold {
#define GEN_PASS_DEF_LOWERPAIRDOTPRODUCTS
#include "qfold/Codegen/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

/// The intrinsic multiplying the i16 pairs of a register of `lanes` i32
/// lanes: ymm (AVX2) or zmm (AVX-512BW).
StringRef getPmaddwd(int64_t lanes) {
  return lanes == 16 ? StringRef("llvm.x86.avx512.pmaddw.d.512")
                     : StringRef("llvm.x86.avx2.pmadd.wd");
}

/// The i8 or i16 vector that `value` sign-extends to i32, or null.
Value getNarrowSource(Value value) {
  auto ext = value.getDefiningOp<arith::ExtSIOp>();
  if (!ext)
    return nullptr;
  Type element = getElementTypeOrSelf(ext.getIn().getType());
  return element.isInteger(8) || element.isInteger(16) ? ext.getIn() : nullptr;
}

/// `value` (i8 or i16 elements) as i16.
Value toI16(PatternRewriter &rewriter, Location loc, Value value) {
  auto type = cast<VectorType>(value.getType());
  if (type.getElementType().isInteger(16))
    return value;
  return arith::ExtSIOp::create(rewriter, loc,
                                type.clone(rewriter.getI16Type()), value);
}

/// The (w0[f], w1[f]) pairs of a [2 x F] filter that is
/// transpose(shape_cast(pairs : vector<2F> to vector<F x 2>)), as
/// qfold-tile-and-vectorize-convs reads constant filters re-laid at compile
/// time; null otherwise.
Value getInterleavedPairs(Value filter) {
  auto transpose = filter.getDefiningOp<vector::TransposeOp>();
  if (!transpose || transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
    return nullptr;
  auto cast = transpose.getVector().getDefiningOp<vector::ShapeCastOp>();
  if (!cast || cast.getSourceVectorType().getRank() != 1 ||
      cast.getResultVectorType().getRank() != 2 ||
      cast.getResultVectorType().getDimSize(1) != 2)
    return nullptr;
  return cast.getSource();
}

struct ContractPairsToPmaddwd : OpRewritePattern<vector::ContractionOp> {
  ContractPairsToPmaddwd(MLIRContext *ctx, int64_t lanes)
      : OpRewritePattern(ctx), lanes(lanes) {}

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
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
    int64_t batch = accType.getDimSize(0), columns = accType.getDimSize(1),
            channels = accType.getDimSize(2);
    if (op.getLhsType().getDimSize(2) != 2 || channels % lanes)
      return rewriter.notifyMatchFailure(
          op, "not a pair reduction over a multiple of the lanes");
    Value lhs = getNarrowSource(op.getLhs());
    Value rhs = getNarrowSource(op.getRhs());
    if (!lhs || !rhs)
      return rewriter.notifyMatchFailure(op, "operands are not i8/i16");

    Location loc = op.getLoc();
    auto pairType = VectorType::get({2 * lanes}, rewriter.getI16Type());
    auto laneType = VectorType::get({lanes}, rewriter.getI32Type());

    // Filter rows c = 0, 1 interleaved: (w0[f], w1[f]) pairs, `lanes` per
    // vector; slices of one vector when the filter was re-laid so at compile
    // time.
    Value filter = toI16(rewriter, loc, rhs);
    auto slice = [&](Value row, int64_t offset, int64_t size) -> Value {
      return vector::ExtractStridedSliceOp::create(
          rewriter, loc, row, ArrayRef<int64_t>{offset},
          ArrayRef<int64_t>{size}, ArrayRef<int64_t>{1});
    };
    SmallVector<Value> filterPairs;
    if (Value pairs = getInterleavedPairs(filter)) {
      for (int64_t j = 0; j < channels; j += lanes)
        filterPairs.push_back(slice(pairs, 2 * j, 2 * lanes));
    } else {
      Value row0 = vector::ExtractOp::create(rewriter, loc, filter, 0);
      Value row1 = vector::ExtractOp::create(rewriter, loc, filter, 1);
      for (int64_t j = 0; j < channels; j += lanes)
        filterPairs.push_back(vector::InterleaveOp::create(
            rewriter, loc, slice(row0, j, lanes), slice(row1, j, lanes)));
    }

    // Each column's input pair broadcast as one i32, times every filter
    // pair vector.
    Value input = toI16(rewriter, loc, lhs);
    Value result = op.getAcc();
    auto pairAsI32 = VectorType::get({1}, rewriter.getI32Type());
    StringAttr intrinsic = rewriter.getStringAttr(getPmaddwd(lanes));
    for (int64_t b = 0; b < batch; ++b) {
      for (int64_t col = 0; col < columns; ++col) {
        Value pair = vector::ExtractOp::create(rewriter, loc, input,
                                               ArrayRef<int64_t>{b, col});
        Value packed = vector::ExtractOp::create(
            rewriter, loc,
            vector::BitCastOp::create(rewriter, loc, pairAsI32, pair), 0);
        Value broadcast = vector::BitCastOp::create(
            rewriter, loc, pairType,
            vector::BroadcastOp::create(rewriter, loc, laneType, packed));
        Value accRow = vector::ExtractOp::create(rewriter, loc, result,
                                                 ArrayRef<int64_t>{b, col});
        for (int64_t j = 0; j < channels; j += lanes) {
          Value acc = vector::ExtractStridedSliceOp::create(
              rewriter, loc, accRow, ArrayRef<int64_t>{j},
              ArrayRef<int64_t>{lanes}, ArrayRef<int64_t>{1});
          Value dot = LLVM::CallIntrinsicOp::create(
                          rewriter, loc, laneType, intrinsic,
                          ValueRange{broadcast, filterPairs[j / lanes]})
                          .getResults();
          Value sum = arith::AddIOp::create(rewriter, loc, acc, dot);
          accRow = vector::InsertStridedSliceOp::create(
              rewriter, loc, sum, accRow, ArrayRef<int64_t>{j},
              ArrayRef<int64_t>{1});
        }
        result = vector::InsertOp::create(rewriter, loc, accRow, result,
                                          ArrayRef<int64_t>{b, col});
      }
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  /// i32 lanes per vpmaddwd.
  int64_t lanes;
};

struct LowerPairDotProductsPass
    : qfold::impl::LowerPairDotProductsBase<LowerPairDotProductsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (lanes != 8 && lanes != 16) {
      emitError(getOperation().getLoc())
          << "lanes must be 8 (AVX2) or 16 (AVX-512BW), got "
          << static_cast<int64_t>(lanes);
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    patterns.add<ContractPairsToPmaddwd>(&getContext(), lanes);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns)))) {
      getOperation()->emitError(
          "qfold-lower-pair-dot-products: rewrite patterns did not converge");
      signalPassFailure();
    }
  }
};

} // namespace
