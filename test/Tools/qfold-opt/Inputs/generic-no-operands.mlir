func.func @f() {
  "qfold.conv2d"() : () -> ()
  return
}
