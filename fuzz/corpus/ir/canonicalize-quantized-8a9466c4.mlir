!x = !quant.uniform<u8:f32, 0.1:128>

// A quantized relu that does not follow a conv keeps its meaning, and merges
// with a clamp of the same type.
func.func @merge_quantized_same_type(%x: tensor<8x!x>) -> tensor<8x!x> {
  %0 = qfold.clamp %x {max = 6.0 : f32} : tensor<8x!x>
  %1 = qfold.relu %0 : tensor<8x!x>
  return %1 : tensor<8x!x>
}
