//===- FuseQuantDequant.cpp - the qfold-fuse-qdq pass ---------------------===//
//
// DQ(x), DQ(w) -> conv2d [-> batch_norm] [-> relu/clamp] -> Q  ==>  one
// quantized conv2d; likewise DQ -> add [-> relu/clamp] -> Q, DQ -> max/avg
// pool -> Q, and Q/DQ pairs moved through reshapes (a Gemm imported as a
// 1x1 conv between reshapes, Flatten). The arithmetic (folding a
// per-channel factor into quantized weights, quantizing the bias) is in
// qfold/Support/QuantizedFolding.h; clamp ranges use QuantizedClamp.h.
//
//===----------------------------------------------------------------------===//

#include "qfold/Dialect/QFold/IR/FoldingPatterns.h"
#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"
#include "qfold/Dialect/QFold/IR/QuantizedConvBuilder.h"
#include "qfold/Dialect/QFold/Transforms/Passes.h"
#include "qfold/Support/BatchNormFolding.h"
#include "qfold/Support/QuantizedClamp.h"
#include "qfold/Support/QuantizedFolding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Iterators.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>
#include <limits>

namespace mlir::qfold {
#define GEN_PASS_DEF_QFOLDFUSEQDQ
#include "qfold/Dialect/QFold/Transforms/Passes.h.inc"
} // namespace mlir::qfold

using namespace mlir;
using namespace mlir::qfold;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// True when `value` has exactly one use.
bool singleUse(Value value) { return value.hasOneUse(); }

struct Fuser {
  OpBuilder builder;
  std::string why;

  explicit Fuser(MLIRContext *context) : builder(context) {}

  LogicalResult reject(const llvm::Twine &reason) {
    why = reason.str();
    return failure();
  }

  LogicalResult fuse(quant::QuantizeCastOp q) {
    auto yType = dyn_cast<quant::UniformQuantizedType>(
        getElementTypeOrSelf(q.getResult().getType()));
    std::optional<QuantInfo> y = getQuantInfo(q.getResult().getType());
    if (!yType || !y || y->storageWidth != 8)
      return reject("the quantize op's type is not a per-tensor 8-bit type");

    // relu/clamp chain (outermost first), composed innermost first.
    Value value = q.getInput();
    SmallVector<RealRange> ranges;
    SmallVector<Operation *> chain;
    while (Operation *def = value.getDefiningOp()) {
      if (!isa<ReluOp, ClampOp>(def))
        break;
      if (!singleUse(value))
        return reject("an activation result has several users");
      ranges.push_back(isa<ReluOp>(def)
                           ? RealRange{0.0, kInf}
                           : RealRange{cast<ClampOp>(def).getMinValue(),
                                       cast<ClampOp>(def).getMaxValue()});
      chain.push_back(def);
      value = def->getOperand(0);
    }
    BatchNormOp bn = value.getDefiningOp<BatchNormOp>();
    std::optional<BatchNormParams> bnParams;
    if (bn) {
      if (!singleUse(value))
        return reject("the batch_norm result has several users");
      bnParams = getConstantBatchNormParams(bn);
      if (!bnParams || validateBatchNormParams(*bnParams))
        return reject("the batch_norm statistics are not valid constants");
      chain.push_back(bn);
      value = bn.getInput();
    }
    Operation *producer = value.getDefiningOp();
    if (!bn && producer &&
        isa<AddOp, SubOp, MulOp, DivOp, MaxPool2DOp, AvgPool2DOp>(producer)) {
      if (!singleUse(value))
        return reject("the result has several users");
      if (auto add = dyn_cast<AddOp>(producer))
        return fuseBinary(q, add, ranges, chain);
      if (auto sub = dyn_cast<SubOp>(producer))
        return fuseBinary(q, sub, ranges, chain);
      if (auto mul = dyn_cast<MulOp>(producer))
        return fuseBinary(q, mul, ranges, chain);
      if (auto div = dyn_cast<DivOp>(producer))
        return fuseBinary(q, div, ranges, chain);
      if (!chain.empty())
        return reject("an activation follows the pool");
      if (auto pool = dyn_cast<MaxPool2DOp>(producer))
        return fuseMaxPool(q, pool);
      return fuseAvgPool(q, cast<AvgPool2DOp>(producer));
    }
    auto conv = value.getDefiningOp<Conv2DOp>();
    if (!conv || conv.isQuantized())
      return reject("the quantized value is not computed by a float conv2d, "
                    "add, sub, mul, div or pool");
    if (!singleUse(value))
      return reject("the conv2d result has several users");
    if (bn && conv.hasFusedClamp())
      return reject("a batch_norm follows a conv2d with a fused clamp");
    RealRange range{conv.getFloatClampMin(), conv.getFloatClampMax()};
    for (RealRange r : llvm::reverse(ranges))
      range = composeClampRanges(range, r);

    // DQ(x): per-tensor 8-bit.
    // The dequantized input may have other users (a residual connection):
    // the fused conv reads the quantized value itself.
    auto xdq = conv.getInput().getDefiningOp<quant::DequantizeCastOp>();
    if (!xdq)
      return reject("the conv input is not dequantized");
    std::optional<QuantInfo> x = getQuantInfo(xdq.getInput().getType());
    if (!x || x->isPerAxis() || x->storageWidth != 8)
      return reject("the conv input is not per-tensor 8-bit quantized");

    // DQ(w): per tensor or per output channel, 8-bit.
    auto wdq = conv.getFilter().getDefiningOp<quant::DequantizeCastOp>();
    if (!wdq)
      return reject("the conv filter is not dequantized");
    if (!singleUse(conv.getFilter()))
      return reject("the dequantized filter has several users");
    Value wq = wdq.getInput();
    std::optional<QuantInfo> w = getQuantInfo(wq.getType());
    auto filterType = conv.getFilter().getType();
    int64_t o = filterType.getDimSize(0);
    if (!w || w->storageWidth != 8 || (w->isPerAxis() && *w->axis != 0))
      return reject("the filter is not 8-bit quantized per tensor or per "
                    "output channel");
    std::optional<std::vector<QuantizedChannel>> weights =
        getConstantQuantizedFilter(wq, *w, o);
    if (bn && !weights)
      return reject("a batch_norm cannot be folded into run-time weights");

    // The bias in real units.
    std::vector<double> bias(o, 0.0);
    bool hasBias = false;
    if (Value b = conv.getBias()) {
      hasBias = true;
      std::optional<std::vector<double>> real;
      if (auto bdq = b.getDefiningOp<quant::DequantizeCastOp>()) {
        std::optional<QuantInfo> bi = getQuantInfo(bdq.getInput().getType());
        auto bscast = bdq.getInput().getDefiningOp<quant::StorageCastOp>();
        std::optional<std::vector<double>> ints =
            bscast ? getConstantValues(bscast.getInput()) : std::nullopt;
        if (bi && ints && ints->size() == size_t(o)) {
          real.emplace();
          for (int64_t c = 0; c < o; ++c)
            real->push_back(bi->scale(c) * ((*ints)[c] - bi->zeroPoint(c)));
        }
      } else {
        real = getConstantValues(b);
      }
      if (!real || real->size() != size_t(o))
        return reject("the bias is neither a constant nor a dequantized "
                      "constant");
      bias = *real;
    }

    // Fold the BatchNorm: exact per-channel rescaling where possible.
    if (bn) {
      ChannelAffine affine = computeBatchNormAffine(*bnParams);
      for (int64_t c = 0; c < o; ++c) {
        (*weights)[c] = scaleQuantizedChannel((*weights)[c], affine.scale[c],
                                              w->storageMin, w->storageMax);
        bias[c] = foldBatchNormIntoBias(*bnParams, affine, c, bias[c]);
      }
      hasBias = true;
    }

    // Constant weights are rebuilt per channel (the BatchNorm, if any, made
    // their scales differ).
    builder.setInsertionPoint(q);
    QuantizedConvParts parts;
    parts.input = xdq.getInput();
    parts.resultType = q.getResult().getType();
    parts.channels = std::move(weights);
    parts.filterStorage = QuantStorage::of(*w);
    if (!parts.channels)
      parts.runtimeFilter = wq;
    if (hasBias)
      parts.bias = std::move(bias);
    parts.range = range;
    std::string reason;
    FailureOr<Conv2DOp> fused = buildQuantizedConv(
        builder, builder.getFusedLoc({conv.getLoc(), q.getLoc()}), conv,
        std::move(parts), reason);
    if (failed(fused))
      return reject(reason);
    replace(q, fused->getOutput(), chain, conv, {xdq, wdq});
    return success();
  }

  /// Replaces `q` by `result` and erases the float ops it replaced: the
  /// activation chain, the producer, and the dequantize ops nothing else
  /// uses.
  static void replace(quant::QuantizeCastOp q, Value result,
                      ArrayRef<Operation *> chain, Operation *producer,
                      ArrayRef<Operation *> dequantizes) {
    q.getResult().replaceAllUsesWith(result);
    q->erase();
    for (Operation *op : chain)
      op->erase();
    producer->erase();
    // x + x reads one dequantize twice: it is looked at (and erased) once.
    llvm::SmallPtrSet<Operation *, 2> seen;
    for (Operation *dq : dequantizes)
      if (seen.insert(dq).second && dq->use_empty())
        dq->erase();
  }

  /// The quantized input of a float op's operand, when it is DQ of a
  /// per-tensor 8-bit value.
  static std::optional<quant::DequantizeCastOp>
  getPerTensorDequantize(Value operand) {
    auto dq = operand.getDefiningOp<quant::DequantizeCastOp>();
    std::optional<QuantInfo> info =
        dq ? getQuantInfo(dq.getInput().getType()) : std::nullopt;
    if (!info || info->isPerAxis() || info->storageWidth != 8)
      return std::nullopt;
    return dq;
  }

  /// DQ(a), DQ(b) -> add/sub/mul/div [-> relu/clamp] -> Q  ==>  the
  /// quantized op with the activations (and the op's own clamp) as its
  /// integer range in Q's type.
  template <typename BinaryOp>
  LogicalResult fuseBinary(quant::QuantizeCastOp q, BinaryOp op,
                           ArrayRef<RealRange> ranges,
                           ArrayRef<Operation *> chain) {
    if (op.isQuantized())
      return reject("the " + op->getName().stripDialect().str() +
                    " is already quantized");
    std::optional<quant::DequantizeCastOp> lhs =
        getPerTensorDequantize(op.getLhs());
    std::optional<quant::DequantizeCastOp> rhs =
        getPerTensorDequantize(op.getRhs());
    if (!lhs || !rhs)
      return reject("an operand of the " + op->getName().stripDialect().str() +
                    " is not dequantized from a per-tensor 8-bit value");
    RealRange range{op.getFloatClampMin(), op.getFloatClampMax()};
    for (RealRange r : llvm::reverse(ranges))
      range = composeClampRanges(range, r);
    builder.setInsertionPoint(q);
    FailureOr<BinaryOp> fused = buildQuantizedBinary<BinaryOp>(
        builder, builder.getFusedLoc({op.getLoc(), q.getLoc()}),
        q.getResult().getType(), lhs->getInput(), rhs->getInput(), range);
    if (failed(fused))
      return reject("the clamp range is empty in the quantized type");
    replace(q, fused->getOutput(), chain, op, {*lhs, *rhs});
    return success();
  }

  /// DQ(x) -> max_pool2d -> Q  ==>  max_pool2d on the stored integers, and a
  /// requantizing clamp when Q's type is not x's.
  LogicalResult fuseMaxPool(quant::QuantizeCastOp q, MaxPool2DOp pool) {
    std::optional<quant::DequantizeCastOp> dq =
        getPerTensorDequantize(pool.getInput());
    if (!dq)
      return reject("the pool input is not dequantized from a per-tensor "
                    "8-bit value");
    builder.setInsertionPoint(q);
    Location loc = builder.getFusedLoc({pool.getLoc(), q.getLoc()});
    Value x = dq->getInput();
    Type xElement = getElementTypeOrSelf(x.getType());
    auto fused = MaxPool2DOp::create(
        builder, loc, pool.getType().clone(xElement), x, pool.getKernel(),
        pool.getStrides(), pool.getDilations(), pool.getPads(),
        pool.getCeilMode());
    replace(
        q,
        requantizeTo(builder, loc, fused.getOutput(), q.getResult().getType()),
        {}, pool, {*dq});
    return success();
  }

  /// DQ(x) -> avg_pool2d -> Q  ==>  quantized avg_pool2d into Q's type.
  LogicalResult fuseAvgPool(quant::QuantizeCastOp q, AvgPool2DOp pool) {
    std::optional<quant::DequantizeCastOp> dq =
        getPerTensorDequantize(pool.getInput());
    if (!dq)
      return reject("the pool input is not dequantized from a per-tensor "
                    "8-bit value");
    if (!llvm::all_equal(pool.getWindowCounts()))
      return reject("the pool's windows count different numbers of "
                    "positions");
    builder.setInsertionPoint(q);
    auto fused = AvgPool2DOp::create(
        builder, builder.getFusedLoc({pool.getLoc(), q.getLoc()}),
        q.getResult().getType(), dq->getInput(), pool.getKernel(),
        pool.getStrides(), pool.getPads(), pool.getCeilMode(),
        pool.getCountIncludePad(), /*requant_mode=*/nullptr);
    replace(q, fused.getOutput(), {}, pool, {*dq});
    return success();
  }
};

/// The element type of a quantized value reshaped with `groups`: the same
/// type, when it is per tensor or its axis is a group of its own at the same
/// index (tensor reshapes keep their element type, so a per-axis type whose
/// axis would be renumbered cannot move); null otherwise.
Type reshapedQuantType(Type element, ArrayRef<ReassociationIndices> groups,
                       bool expanding) {
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element);
  if (!perAxis)
    return element;
  int32_t axis = perAxis.getQuantizedDimension();
  for (auto [g, group] : llvm::enumerate(groups)) {
    // Expanding: source dim g becomes `group`; collapsing: `group` becomes g.
    bool holdsAxis =
        expanding ? int64_t(g) == axis : llvm::is_contained(group, axis);
    if (!holdsAxis)
      continue;
    int64_t newAxis = expanding ? group.front() : int64_t(g);
    return group.size() == 1 && newAxis == axis ? element : Type();
  }
  return nullptr;
}

/// reshape(DQ(x)) => DQ(reshape(x)): the dequantize moves toward the op
/// that consumes it, past pure data movement (a per-axis type only when its
/// axis stays a dimension of its own).
template <typename ReshapeOp>
struct SinkDequantizeThroughReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp reshape,
                                PatternRewriter &rewriter) const override {
    auto dq =
        reshape.getSrc().template getDefiningOp<quant::DequantizeCastOp>();
    if (!dq || !getQuantInfo(dq.getInput().getType()))
      return failure();
    Type element =
        reshapedQuantType(getElementTypeOrSelf(dq.getInput().getType()),
                          reshape.getReassociationIndices(),
                          std::is_same_v<ReshapeOp, tensor::ExpandShapeOp>);
    if (!element)
      return failure();
    auto moved = ReshapeOp::create(
        rewriter, reshape.getLoc(), reshape.getResultType().clone(element),
        dq.getInput(), reshape.getReassociationIndices());
    rewriter.replaceOpWithNewOp<quant::DequantizeCastOp>(
        reshape, reshape.getResultType(), moved.getResult());
    return success();
  }
};

/// reshape(scast(constant)) => scast(reshaped constant): quantized weights
/// reshaped on their way to a conv (a Gemm's [M, K] as [M, K, 1, 1]) stay
/// constant integers, which the fused conv folds into its filter layout at
/// compile time. (Folding is off in this pass; see runOnOperation.)
template <typename ReshapeOp>
struct ReshapeConstantStorage : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern<ReshapeOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp reshape,
                                PatternRewriter &rewriter) const override {
    auto scast =
        reshape.getSrc().template getDefiningOp<quant::StorageCastOp>();
    DenseElementsAttr values;
    if (!scast || !matchPattern(scast.getInput(), m_Constant(&values)))
      return failure();
    auto storageType =
        reshape.getResultType().clone(values.getType().getElementType());
    Value constant = arith::ConstantOp::create(rewriter, reshape.getLoc(),
                                               values.reshape(storageType));
    rewriter.replaceOpWithNewOp<quant::StorageCastOp>(
        reshape, reshape.getResultType(), constant);
    return success();
  }
};

/// Q(reshape(y)) => reshape(Q(y)) for per-tensor types: the quantize moves
/// toward the op that produces its input.
template <typename ReshapeOp>
struct HoistQuantizeThroughReshape : OpRewritePattern<quant::QuantizeCastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(quant::QuantizeCastOp q,
                                PatternRewriter &rewriter) const override {
    auto reshape = q.getInput().getDefiningOp<ReshapeOp>();
    std::optional<QuantInfo> info = getQuantInfo(q.getResult().getType());
    if (!reshape || !reshape->hasOneUse() || !info || info->isPerAxis())
      return failure();
    Type element = getElementTypeOrSelf(q.getResult().getType());
    auto moved = quant::QuantizeCastOp::create(
        rewriter, q.getLoc(), reshape.getSrcType().clone(element),
        reshape.getSrc());
    rewriter.replaceOpWithNewOp<ReshapeOp>(q, q.getResult().getType(),
                                           moved.getResult(),
                                           reshape.getReassociationIndices());
    return success();
  }
};

/// Q(DQ(x)) => x for equal types, else a requantizing qfold.clamp without
/// bounds (quantize_Y(dequantize_X(x))): what is left of a Q/DQ pair once
/// the ops between them were data movement.
struct RequantizeQuantizeOfDequantize
    : OpRewritePattern<quant::QuantizeCastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(quant::QuantizeCastOp q,
                                PatternRewriter &rewriter) const override {
    auto dq = q.getInput().getDefiningOp<quant::DequantizeCastOp>();
    if (!dq)
      return failure();
    std::optional<QuantInfo> x = getQuantInfo(dq.getInput().getType());
    std::optional<QuantInfo> y = getQuantInfo(q.getResult().getType());
    if (!x || !y || x->isPerAxis() || y->isPerAxis() || x->storageWidth != 8 ||
        y->storageWidth != 8)
      return failure();
    rewriter.replaceOp(q, requantizeTo(rewriter, q.getLoc(), dq.getInput(),
                                       q.getResult().getType()));
    return success();
  }
};

struct QFoldFuseQDQPass : qfold::impl::QFoldFuseQDQBase<QFoldFuseQDQPass> {
  using Base::Base;

  void runOnOperation() override {
    // Q/DQ pairs first move past reshapes, so that each quantized value
    // meets the op that computes it and each dequantized value the op that
    // reads it; transposed convs on dequantized operands become conv2d ops.
    RewritePatternSet patterns(&getContext());
    patterns.add<SinkDequantizeThroughReshape<tensor::CollapseShapeOp>,
                 SinkDequantizeThroughReshape<tensor::ExpandShapeOp>,
                 HoistQuantizeThroughReshape<tensor::CollapseShapeOp>,
                 HoistQuantizeThroughReshape<tensor::ExpandShapeOp>,
                 ReshapeConstantStorage<tensor::CollapseShapeOp>,
                 ReshapeConstantStorage<tensor::ExpandShapeOp>,
                 RequantizeQuantizeOfDequantize>(&getContext());
    // A transposed conv between Q/DQ pairs becomes the conv2d it equals.
    populateDecomposeDequantizedConvTransposePatterns(patterns);
    // A BatchNorm or activation after a reshape of a conv's result (a 1-D
    // conv, a Gemm as a 1x1 conv) moves above it, toward the conv, so that
    // the quantize after them reaches the conv too.
    populateHoistBatchNormAboveReshapePatterns(patterns);
    populateHoistActivationsAboveReshapePatterns(patterns);
    // Per-channel scale layers after a conv, as the BatchNorm they are.
    populateChannelAffineAsBatchNormPatterns(patterns);
    // No folding: upstream folds dcast(qcast(x)) to x, dropping the rounding
    // of a Q/DQ pair.
    GreedyRewriteConfig config;
    config.enableFolding(false).enableConstantCSE(false);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config))) {
      getOperation().emitError("qfold-fuse-qdq: moving quantize and "
                               "dequantize ops through reshapes did not "
                               "converge");
      return signalPassFailure();
    }

    SmallVector<quant::QuantizeCastOp> candidates;
    getOperation().walk(
        [&](quant::QuantizeCastOp q) { candidates.push_back(q); });
    Fuser fuser(&getContext());
    for (quant::QuantizeCastOp q : candidates) {
      Location loc = q.getLoc();
      // Quantizing a constant is how weights are written; not a candidate.
      bool quantizesConstant = matchPattern(q.getInput(), m_Constant());
      if (succeeded(fuser.fuse(q)))
        ++numFused;
      else if (report && !quantizesConstant)
        emitRemark(loc) << "Q/DQ fusion left this quantize op alone: "
                        << fuser.why << "; the unfused program still runs";
    }
    // The casts and constants of the replaced float ops (their weights and
    // biases), users last.
    getOperation().walk<WalkOrder::PostOrder, mlir::ReverseIterator>(
        [&](Operation *op) {
          if (isa<quant::StorageCastOp, quant::DequantizeCastOp,
                  arith::ConstantOp>(op) &&
              isOpTriviallyDead(op))
            op->erase();
        });
  }
};

} // namespace
