//===- ConvTransposeAsConv.h - a transposed conv as a conv2d -----*- C++
//-*-===//
//
// A qfold.conv_transpose2d equals the qfold.conv2d of its input spread
// `stride` apart, padded by dilation * (K - 1) - pad before and dilation *
// (K - 1) - pad + output_padding after (cropped where that is negative), at
// stride 1 and the same dilation, with the filter transposed per group
// (C x O/g -> O x C/g) and flipped in both spatial dimensions. The lowering
// builds that conv in f32; Q/DQ fusion builds it on the stored integers
// (spreading with the input's zero point, which dequantizes to 0).
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_DIALECT_QFOLD_IR_CONVTRANSPOSEASCONV_H
#define QFOLD_DIALECT_QFOLD_IR_CONVTRANSPOSEASCONV_H

#include "qfold/Dialect/QFold/IR/QFoldOps.h"

#include "mlir/IR/PatternMatch.h"

namespace mlir::qfold {

/// The equivalent conv2d's input `input` (NCHW, any element type): spread
/// with `fill` between the pixels and cropped where the padding is
/// negative. `fill` is a scalar of the input's element type.
Value createSpreadInput(OpBuilder &b, Location loc, ConvTranspose2DOp op,
                        Value input, Value fill);

/// The equivalent conv2d's pads (top, left, bottom, right), all >= 0.
SmallVector<int64_t> getEquivalentConvPads(ConvTranspose2DOp op);

/// The equivalent conv2d filter's shape [O, C/g, KH, KW] and, for each of
/// its elements in row-major order, the index of the conv_transpose2d
/// filter element it takes.
SmallVector<int64_t> getEquivalentFilterShape(ArrayRef<int64_t> shape,
                                              int64_t groups);
std::vector<int64_t> getEquivalentFilterSources(ArrayRef<int64_t> shape,
                                                int64_t groups);

/// The equivalent conv2d filter of `filter` (f32, C x O/g x KH x KW): a
/// constant computed at compile time when `filter` is constant, else a
/// linalg.generic that transposes and flips it.
Value createEquivalentFilter(OpBuilder &b, Location loc, Value filter,
                             int64_t groups);

/// The f32 conv2d `op` equals, on `input`, `filter` and `bias` (op's own
/// operands, or their converted values in a lowering).
Conv2DOp createEquivalentConv(OpBuilder &b, Location loc, ConvTranspose2DOp op,
                              Value input, Value filter, Value bias);

/// conv_transpose2d => that conv2d (before post-training quantization).
void populateDecomposeConvTransposePatterns(RewritePatternSet &patterns);

} // namespace mlir::qfold

#endif // QFOLD_DIALECT_QFOLD_IR_CONVTRANSPOSEASCONV_H
