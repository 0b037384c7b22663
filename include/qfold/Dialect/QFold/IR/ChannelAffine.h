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

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_CHANNELAFFINE_H
