//===- LoweringUtils.cpp - helpers of the qfold-to-linalg lowering --------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::qfold;

SmallVector<OpFoldResult> lowering::getSizes(OpBuilder &b, Location loc,
                                             Value tensor) {
  return tensor::getMixedSizes(b, loc, tensor);
}

Value lowering::createEmpty(OpBuilder &b, Location loc,
                            ArrayRef<OpFoldResult> sizes, Type elementType) {
  return tensor::EmptyOp::create(b, loc, sizes, elementType);
}

Value lowering::createTranspose(OpBuilder &b, Location loc, Value input,
                                ArrayRef<int64_t> permutation) {
  SmallVector<OpFoldResult> inputSizes = getSizes(b, loc, input);
  SmallVector<OpFoldResult> sizes;
  for (int64_t dim : permutation)
    sizes.push_back(inputSizes[dim]);
  Value init = createEmpty(b, loc, sizes,
                           cast<ShapedType>(input.getType()).getElementType());
  return linalg::TransposeOp::create(b, loc, input, init, permutation)
      ->getResult(0);
}

Value lowering::createParallelGeneric(OpBuilder &b, Location loc,
                                      ArrayRef<OpFoldResult> sizes,
                                      Type elementType, ValueRange inputs,
                                      ArrayRef<AffineMap> inputMaps,
                                      GenericBody body) {
  Value init = createEmpty(b, loc, sizes, elementType);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(sizes.size()));
  SmallVector<utils::IteratorType> iterators(sizes.size(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value lowering::createChannelwise(OpBuilder &b, Location loc, Value input,
                                  ValueRange channelTensors, int64_t channelDim,
                                  Type elementType, GenericBody body) {
  int64_t rank = cast<ShapedType>(input.getType()).getRank();
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank)};
  AffineMap channelMap =
      AffineMap::get(rank, 0, b.getAffineDimExpr(channelDim), b.getContext());
  maps.append(channelTensors.size(), channelMap);
  SmallVector<Value> inputs = {input};
  inputs.append(channelTensors.begin(), channelTensors.end());
  return createParallelGeneric(b, loc, getSizes(b, loc, input), elementType,
                               inputs, maps, body);
}

Value lowering::createConstantVector(OpBuilder &b, Location loc,
                                     ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, values));
}

Value lowering::createConstantVector(OpBuilder &b, Location loc,
                                     ArrayRef<float> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getF32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, values));
}

Value lowering::createScalar(OpBuilder &b, Location loc, Type type,
                             double value) {
  if (isa<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value lowering::extendToI32(OpBuilder &b, Location loc, Value storage,
                            bool isSigned) {
  Type i32 = b.getI32Type();
  if (storage.getType() == i32)
    return storage;
  if (isSigned)
    return arith::ExtSIOp::create(b, loc, i32, storage);
  return arith::ExtUIOp::create(b, loc, i32, storage);
}
