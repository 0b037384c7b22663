//===- ChannelAffine.cpp - per-channel affine maps of elementwise ops -----===//

#include "qfold/Dialect/QFold/IR/ChannelAffine.h"

#include "qfold/Dialect/QFold/IR/QFoldOps.h"
#include "qfold/Dialect/QFold/IR/QuantizedConstants.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qfold;

namespace {
template <typename OpTy>
std::optional<ElementwiseChannelAffine> getAffine(OpTy op) {
  auto type = cast<RankedTensorType>(op.getType());
  if (op.isQuantized() || type.getRank() != 4)
    return std::nullopt;
  int64_t channels = type.getDimSize(1);
  for (int side = 0; side < 2; ++side) {
    Value data = side == 0 ? op.getLhs() : op.getRhs();
    std::optional<std::vector<double>> c =
        getChannelConstant(side == 0 ? op.getRhs() : op.getLhs(), channels);
    if (!c)
      continue;
    ElementwiseChannelAffine affine{data, std::vector<double>(channels, 1.0),
                                    std::vector<double>(channels, 0.0)};
    if constexpr (std::is_same_v<OpTy, AddOp>) {
      affine.shift = *c;
    } else if constexpr (std::is_same_v<OpTy, SubOp>) {
      for (int64_t i = 0; i < channels; ++i) {
        affine.scale[i] = side == 0 ? 1.0 : -1.0;
        affine.shift[i] = side == 0 ? -(*c)[i] : (*c)[i];
      }
    } else if constexpr (std::is_same_v<OpTy, MulOp>) {
      affine.scale = *c;
    } else {
      if (side == 1 || llvm::is_contained(*c, 0.0))
        return std::nullopt;
      for (int64_t i = 0; i < channels; ++i)
        affine.scale[i] = 1.0 / (*c)[i];
    }
    return affine;
  }
  return std::nullopt;
}
} // namespace

std::optional<ElementwiseChannelAffine>
mlir::qfold::getElementwiseChannelAffine(Operation *op) {
  return TypeSwitch<Operation *, std::optional<ElementwiseChannelAffine>>(op)
      .Case<AddOp, SubOp, MulOp, DivOp>(
          [](auto binary) { return getAffine(binary); })
      .Default([](Operation *) { return std::nullopt; });
}

std::optional<FoldedFilterAndBias> mlir::qfold::foldOutputChannelAffine(
    ArrayRef<double> filter, ArrayRef<int64_t> filterShape, int64_t groups,
    bool transposed, ArrayRef<double> bias, ArrayRef<double> scale,
    ArrayRef<double> shift) {
  int64_t window = filterShape[2] * filterShape[3];
  // The output channel of filter element i.
  auto outputChannel = [&](int64_t i) -> int64_t {
    if (!transposed)
      return i / (filterShape[1] * window);
    int64_t groupOutputs = filterShape[1];
    int64_t c = i / (groupOutputs * window), j = (i / window) % groupOutputs;
    return (c / (filterShape[0] / groups)) * groupOutputs + j;
  };
  FoldedFilterAndBias folded;
  for (auto [i, value] : llvm::enumerate(filter))
    folded.filter.push_back(
        static_cast<float>(scale[outputChannel(i)] * value));
  for (auto [o, value] : llvm::enumerate(bias))
    folded.bias.push_back(static_cast<float>(scale[o] * value + shift[o]));
  auto finite = [](float v) { return std::isfinite(v); };
  if (!llvm::all_of(folded.filter, finite) ||
      !llvm::all_of(folded.bias, finite))
    return std::nullopt;
  return folded;
}
