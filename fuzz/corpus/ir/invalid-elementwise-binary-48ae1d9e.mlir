func.func @unsupported_element(%a: tensor<4xi8>, %b: tensor<4xi8>) {
  %0 = qfold.add %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return
}
