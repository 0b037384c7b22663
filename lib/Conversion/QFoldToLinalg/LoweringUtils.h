//===- LoweringUtils.h - helpers of the qfold-to-linalg lowering -*- C++
//-*-===//
//
// Small builders shared by the conversion patterns: empty tensors of possibly
// dynamic shape, transposes, and elementwise/channelwise linalg.generic ops.
//
//===----------------------------------------------------------------------===//

#ifndef QFOLD_LIB_CONVERSION_QFOLDTOLINALG_LOWERINGUTILS_H
#define QFOLD_LIB_CONVERSION_QFOLDTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"

namespace mlir::qfold::lowering {

/// The sizes of a ranked tensor, static ones as attributes.
SmallVector<OpFoldResult> getSizes(OpBuilder &b, Location loc, Value tensor);

/// A tensor.empty of the given sizes.
Value createEmpty(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                  Type elementType);

/// linalg.transpose of `input` by `permutation` (result dim i is input dim
/// permutation[i]).
Value createTranspose(OpBuilder &b, Location loc, Value input,
                      ArrayRef<int64_t> permutation);

/// A linalg.generic with all-parallel iterators over `sizes`, producing a new
/// tensor of `resultType`'s element type. Input i is read through
/// `inputMaps[i]`; `body` receives the input elements and returns the value
/// to yield.
using GenericBody =
    function_ref<Value(OpBuilder &, Location, ValueRange /*elements*/)>;
Value createParallelGeneric(OpBuilder &b, Location loc,
                            ArrayRef<OpFoldResult> sizes, Type elementType,
                            ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                            GenericBody body);

/// An elementwise map over `input` that also reads 1-D tensors indexed by
/// dimension `channelDim` (per-channel parameters). `body` receives the
/// element of `input` followed by the channel elements.
Value createChannelwise(OpBuilder &b, Location loc, Value input,
                        ValueRange channelTensors, int64_t channelDim,
                        Type elementType, GenericBody body);

/// A 1-D constant tensor.
Value createConstantVector(OpBuilder &b, Location loc,
                           ArrayRef<int32_t> values);
Value createConstantVector(OpBuilder &b, Location loc, ArrayRef<float> values);

/// A scalar constant of an integer or float type.
Value createScalar(OpBuilder &b, Location loc, Type type, double value);

/// Widens storage bits (i8 or i32) to i32, zero-extending unsigned storage.
Value extendToI32(OpBuilder &b, Location loc, Value storage, bool isSigned);

} // namespace mlir::qfold::lowering

#endif // QFOLD_LIB_CONVERSION_QFOLDTOLINALG_LOWERINGUTILS_H
