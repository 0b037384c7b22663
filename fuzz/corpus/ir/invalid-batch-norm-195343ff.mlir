// One case per batch_norm verifier rule.

func.func @rank_one(%x: tensor<4xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{input must have rank >= 2 (N x C x ...), got rank 1}}
  %0 = qfold.batch_norm %x, %p, %p, %p, %p : tensor<4xf32>, tensor<4xf32>
  return
}
