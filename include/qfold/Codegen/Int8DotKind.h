//===- Int8DotKind.h - how integer convolutions reduce ----------*- C++ -*-===//

#ifndef QFOLD_CODEGEN_INT8DOTKIND_H
#define QFOLD_CODEGEN_INT8DOTKIND_H

#include "llvm/Support/CommandLine.h"

namespace mlir::qfold {

/// How integer convolutions reduce over input channels: `quads` four at a
/// time (i8 operands, u8 x i8 quads for vpdpbusd; qfold.quad_dot), `pairs`
/// two at a time (i16 operands, for vpmaddwd), `widen` one at a time in i32;
/// `autoSelect` quads on VNNI targets, else pairs where the target has
/// vpmaddwd. A convolution that cannot take the chosen kind (a channel count
/// not a multiple of the group, quads on a filter that is not a constant
/// fitting i8) takes the next one.
enum class Int8DotKind { autoSelect, quads, pairs, widen };

/// The command-line spelling (auto, quads, pairs, widen), for every option
/// of this type: the codegen pass, the pipeline, the tools.
inline llvm::cl::ValuesClass int8DotKindValues() {
  return llvm::cl::values(
      clEnumValN(Int8DotKind::autoSelect, "auto",
                 "quads on VNNI targets, else pairs where vpmaddwd exists"),
      clEnumValN(Int8DotKind::quads, "quads",
                 "four channels per step (u8 x i8 quads, qfold.quad_dot)"),
      clEnumValN(Int8DotKind::pairs, "pairs",
                 "two channels per step (i16 pairs)"),
      clEnumValN(Int8DotKind::widen, "widen",
                 "one channel per step (i32 products)"));
}

} // namespace mlir::qfold

#endif // QFOLD_CODEGEN_INT8DOTKIND_H
