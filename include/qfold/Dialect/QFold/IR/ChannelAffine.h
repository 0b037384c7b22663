//===- ChannelAffine.h - per-channel affine maps of elementwise ops -*- C++
//-*-===//
//
// A float qfold.add/sub/mul/div with a per-channel constant ([1, C, 1, 1] or
// [1, 1, 1, 1]) on one side applies the affine map x -> scale[c] * x +
// shift[c] to its other operand. The folds next to convolutions (after a
// conv or transposed conv, before a conv, Q/DQ scale layers) all read it
// here.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_CHANNELAFFINE_H
#define QFOLD_DIALECT_QFOLD_IR_CHANNELAFFINE_H

#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <vector>

namespace mlir::qfold {

struct ElementwiseChannelAffine {
  /// The operand the map applies to.
  Value data;
  std::vector<double> scale, shift;
};

/// The map of `op`, a float rank-4 add/sub/mul/div whose other operand is a
/// per-channel constant: x + c, c + x; x - c, c - x (scale -1); x * c, c * x;
/// x / c (scale 1 / c, in double; not for a zero c). std::nullopt for any
/// other op, for c / x (not affine), and for quantized ops. The op's fused
/// clamp is not looked at: callers decide whether one may be there.
std::optional<ElementwiseChannelAffine>
getElementwiseChannelAffine(Operation *op);

/// A folded filter and bias (f32, the values a fold writes).
struct FoldedFilterAndBias {
  SmallVector<float> filter, bias;
};

/// The filter and bias of a convolution whose result is then mapped per
/// output channel o by scale[o] * y + shift[o] (a per-channel add/sub/mul/div
/// or a BatchNorm after it): each filter element of output channel o times
/// scale[o], bias'[o] = scale[o] * bias[o] + shift[o], in double, rounded
/// once to f32. The filter is OIHW for a conv2d and, with `transposed`,
/// C x O/groups x KH x KW for a conv_transpose2d (output channel g * O/groups
/// + j is axis 1 within group g). An empty `filter` (a pure shift needs no
/// filter values) stays empty. std::nullopt when a value is not a finite
/// f32.
std::optional<FoldedFilterAndBias>
foldOutputChannelAffine(ArrayRef<double> filter, ArrayRef<int64_t> filterShape,
                        int64_t groups, bool transposed, ArrayRef<double> bias,
                        ArrayRef<double> scale, ArrayRef<double> shift);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_CHANNELAFFINE_H
