//===- FuseQuantDequant.cpp - the qfold-fuse-qdq pass ---------------------===//
//
// DQ(x), DQ(w) -> conv2d [-> batch_norm] [-> relu/clamp] -> Q  ==>  one
// quantized conv2d. The arithmetic (folding a per-channel factor into
// quantized weights, quantizing the bias) is in
// qfold/Support/QuantizedFolding.h; clamp ranges use QuantizedClamp.h.
//
//===----------------------------------------------------------------------===//

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
#include "mlir/IR/Matchers.h"

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
    auto conv = value.getDefiningOp<Conv2DOp>();
    if (!conv || conv.isQuantized())
      return reject("the quantized value is not computed by a float conv2d");
    if (!singleUse(value))
      return reject("the conv2d result has several users");
    if (bn && conv.hasFusedClamp())
      return reject("a batch_norm follows a conv2d with a fused clamp");
    RealRange range{conv.getFloatClampMin(), conv.getFloatClampMax()};
    for (RealRange r : llvm::reverse(ranges))
      range = composeClampRanges(range, r);

    // DQ(x): per-tensor 8-bit.
    auto xdq = conv.getInput().getDefiningOp<quant::DequantizeCastOp>();
    if (!xdq)
      return reject("the conv input is not dequantized");
    if (!singleUse(conv.getInput()))
      return reject("the dequantized input has several users");
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
    q.getResult().replaceAllUsesWith(fused->getOutput());
    q->erase();
    for (Operation *op : chain)
      op->erase();
    conv->erase();
    xdq->erase();
    wdq->erase();
    return success();
  }
};

struct QFoldFuseQDQPass : qfold::impl::QFoldFuseQDQBase<QFoldFuseQDQPass> {
  using Base::Base;

  void runOnOperation() override {
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
  }
};

} // namespace
