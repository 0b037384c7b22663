//===- QuantizedConvBuilder.cpp - build a quantized conv2d ----------------===//

#include "qfold/Dialect/QFold/IR/QuantizedConvBuilder.h"
#include "qfold/Dialect/QFold/IR/QuantInfo.h"
#include "qfold/Support/QuantizedFolding.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <sstream>

using namespace mlir;
using namespace mlir::qfold;

FailureOr<Conv2DOp> mlir::qfold::buildQuantizedConv(OpBuilder &builder,
                                                    Location loc,
                                                    Conv2DOp geometry,
                                                    QuantizedConvParts parts,
                                                    std::string &why) {
  auto fail = [&](const std::string &reason) -> FailureOr<Conv2DOp> {
    why = reason;
    return failure();
  };
  if (geometry.getPadValuesAttr())
    return fail("the conv pads its input with per-channel values (a folded "
                "input normalization); the quantized form pads with the "
                "input's zero point");
  std::optional<QuantInfo> x = getQuantInfo(parts.input.getType());
  std::optional<QuantInfo> y = getQuantInfo(parts.resultType);
  if (!x || !y || x->isPerAxis() || y->isPerAxis())
    return fail("the input and result are not per-tensor quantized");
  auto filterType = cast<RankedTensorType>(geometry.getFilter().getType());
  int64_t outChannels = filterType.getDimSize(0);

  // The scale of each output channel's weights.
  std::vector<double> filterScales;
  if (parts.channels) {
    for (QuantizedChannel &channel : *parts.channels) {
      if (isZeroChannel(channel))
        channel.scale = y->scale() / x->scale();
      filterScales.push_back(channel.scale);
    }
  } else {
    std::optional<QuantInfo> w = getQuantInfo(parts.runtimeFilter.getType());
    if (!w)
      return fail("the filter is not quantized");
    for (int64_t c = 0; c < outChannels; ++c)
      filterScales.push_back(w->scale(c));
  }
  for (auto [c, scale] : llvm::enumerate(filterScales)) {
    if (!isRepresentableScale(scale)) {
      std::ostringstream os;
      os << "the filter scale of channel " << c << " (" << scale
         << ") is not a normal f32 value";
      return fail(os.str());
    }
  }

  // The bias: i32 at input_scale * filter_scale[o], round half to even.
  SmallVector<int32_t> biasValues;
  if (parts.bias) {
    for (int64_t c = 0; c < outChannels; ++c) {
      std::optional<int32_t> q =
          quantizeBias((*parts.bias)[c], x->scale() * filterScales[c]);
      if (!q)
        return fail("the bias does not fit i32 at scale input_scale * "
                    "filter_scale");
      biasValues.push_back(*q);
    }
  }
  QuantClampAttrs clamp =
      getQuantClampAttrs(builder, parts.resultType, parts.range);

  // Everything is representable: build.
  SmallVector<Operation *> built;
  Value filter = parts.runtimeFilter;
  if (parts.channels) {
    filter = createPerChannelFilter(builder, loc, filterType.getShape(),
                                    parts.filterStorage, *parts.channels);
    built.push_back(filter.getDefiningOp());
    built.push_back(filter.getDefiningOp()->getOperand(0).getDefiningOp());
  }
  Value bias;
  if (parts.bias) {
    bias = arith::ConstantOp::create(
        builder, loc,
        DenseElementsAttr::get(
            RankedTensorType::get({outChannels}, builder.getI32Type()),
            ArrayRef(biasValues)));
    built.push_back(bias.getDefiningOp());
  }
  auto conv = Conv2DOp::create(builder, loc, parts.resultType, parts.input,
                               filter, bias, geometry, clamp.min, clamp.max,
                               /*requantMode=*/nullptr);
  // Not expected to fail (the parts were checked above); if it does, the
  // verifier's message becomes the reason and nothing is left behind.
  std::string invalid;
  LogicalResult verified = success();
  {
    ScopedDiagnosticHandler capture(builder.getContext(), [&](Diagnostic &d) {
      invalid = d.str();
      return success();
    });
    verified = verify(conv);
  }
  if (succeeded(verified))
    return conv;
  conv->erase();
  for (Operation *op : built)
    op->erase();
  return fail("the quantized conv2d would not verify: " + invalid);
}

IntegerAttr mlir::qfold::getClampBoundAttr(Builder &builder, int64_t value,
                                           int64_t limit) {
  return value == limit ? nullptr : builder.getI64IntegerAttr(value);
}

QuantClampAttrs mlir::qfold::getQuantClampAttrs(Builder &builder,
                                                Type resultType,
                                                RealRange range) {
  QuantInfo y = *getQuantInfo(resultType);
  IntRange bounds = quantizeRange(range, y.scale(), y.zeroPoint(), y.storageMin,
                                  y.storageMax);
  return {getClampBoundAttr(builder, bounds.lo, y.storageMin),
          getClampBoundAttr(builder, bounds.hi, y.storageMax),
          bounds.lo > bounds.hi};
}

Value mlir::qfold::requantizeTo(OpBuilder &builder, Location loc, Value value,
                                Type resultType) {
  if (value.getType() == resultType)
    return value;
  return ClampOp::create(builder, loc, resultType, value, /*min=*/nullptr,
                         /*max=*/nullptr, /*requant_mode=*/nullptr);
}
