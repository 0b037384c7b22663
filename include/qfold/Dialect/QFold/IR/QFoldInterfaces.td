//===- QFoldInterfaces.td - qfold op interfaces ------------*- tablegen -*-===//

#ifndef QFOLD_DIALECT_QFOLD_IR_QFOLDINTERFACES_TD
#define QFOLD_DIALECT_QFOLD_IR_QFOLDINTERFACES_TD

include "mlir/IR/OpBase.td"

def QFold_RequantizingOpInterface : OpInterface<"RequantizingOpInterface"> {
  let cppNamespace = "::mlir::qfold";
  let description = [{
    An op whose quantized result may be rescaled from its input's scale (or
    from an int32 accumulator): `qfold.conv2d`, `qfold.relu`, `qfold.clamp`.
    Its optional `requant_mode` attribute says how; ops without one use the
    mode the lowering is given. `getRequantModeOr` is the one place that
    choice is made.
  }];
  let methods = [
    InterfaceMethod<"The op's own `requant_mode`, if it has one.",
      "std::optional<::mlir::qfold::RequantMode>", "getRequantMode">,
    InterfaceMethod<[{
        The mode this op requantizes with: its own `requant_mode`, else
        `defaultMode` (the lowering's option).
      }],
      "::mlir::qfold::RequantMode", "getRequantModeOr",
      (ins "::mlir::qfold::RequantMode":$defaultMode), [{}], [{
        return $_op.getRequantMode().value_or(defaultMode);
      }]>
  ];
}

#endif // QFOLD_DIALECT_QFOLD_IR_QFOLDINTERFACES_TD
