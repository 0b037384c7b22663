func.func @unbounded_clamp_folds(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = qfold.clamp %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}
