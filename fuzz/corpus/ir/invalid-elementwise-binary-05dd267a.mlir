func.func @dynamic_shape(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) {
  %0 = qfold.add %a, %b : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}
