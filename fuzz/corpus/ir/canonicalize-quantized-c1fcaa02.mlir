!x = !quant.uniform<u8:f32, 0.1:128>
!y = !quant.uniform<u8:f32, 0.05>

// A requantizing relu does not merge with its producer.
func.func @no_merge_requantizing(%x: tensor<8x!x>) -> tensor<8x!y> {
  %0 = qfold.relu %x : tensor<8x!x>
  %1 = qfold.relu %0 : tensor<8x!x> -> tensor<8x!y>
  return %1 : tensor<8x!y>
}
